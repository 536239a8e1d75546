from django.apps import AppConfig
from django.db.models import Q

from apps.people import registry as people_registry
from apps.work import registry as work_registry


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from apps.core import access, navigation
        from apps.referrals.choices import OPEN_STATUSES
        from apps.referrals.models import Referral
        from apps.referrals.selectors import referral_list
        from apps.referrals.services import referral_restrict_for_person

        access.register_break_glass(Referral)
        # Referrals are allocated to a Gateway officer and may be linked from tasks (ADR 0018).
        work_registry.register_record_type(
            Referral,
            label="referral",
            open_q=lambda: Q(status__in=OPEN_STATUSES),
            overdue_q=lambda today: Q(status__in=OPEN_STATUSES, due_date__lt=today),
        )
        navigation.register(
            navigation.NavItem(
                "Referrals", "referrals:referral_list", "referrals.view_referral", order=10
            )
        )
        people_registry.on_person_restricted(referral_restrict_for_person)
        # A merge moves the referrals to the surviving record (people.services.person_merge).
        people_registry.register_person_link(Referral, label="referrals")
        people_registry.register_person_records(
            "referrals",
            lambda *, user, person: (
                referral_list(user=user).filter(person=person).order_by("-date_received")
            ),
        )
