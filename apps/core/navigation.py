"""The primary navigation: only the sections a user's role may use."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from apps.core import access


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    capability: str | None  # None: everyone signed in


# Later apps add their sections here, each behind the capability it needs.
NAVIGATION = [
    NavItem("Home", "core:home", None),
    NavItem("Referrals", "referrals:referral_list", "referrals.view_referral"),
    NavItem("People", "people:person_list", "people.view_person"),
    NavItem("Enquiries", "gateway:enquiry_list", "gateway.view_enquiry"),
    NavItem("Audit", "audit:event_list", "audit.search"),
    NavItem("Break-glass access", "accounts:break_glass_list", "accounts.break_glass"),
    NavItem("Administration", "admin:index", "accounts.manage_users"),
]


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.capability and not access.has_capability(user, item.capability):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"text": item.text, "href": href, "active": active})
    return items
