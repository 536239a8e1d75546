"""The primary navigation: only the sections a user's role may use."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from apps.core import access


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    capability: str | None  # None: everyone signed in
    order: int = 100  # lower comes first
    when: Callable | None = None  # when(user) -> bool: shown only to these users too


# Each app registers its sections in its AppConfig.ready(), each behind the capability it
# needs (ADR 0016: core imports no app). Kept sorted by `order`.
NAVIGATION: list[NavItem] = [NavItem("Home", "core:home", None, order=0)]


def register(item: NavItem) -> NavItem:
    """Add an app's section to the primary navigation (idempotent)."""
    if item not in NAVIGATION:
        NAVIGATION.append(item)
        NAVIGATION.sort(key=lambda entry: entry.order)
    return item


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.capability and not access.has_capability(user, item.capability):
            continue
        if item.when is not None and not item.when(user):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"text": item.text, "href": href, "active": active})
    return items
