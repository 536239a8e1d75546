from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from apps.core import access
        from apps.referrals.models import Referral

        access.register_break_glass(Referral)

        from apps.people.registry import on_person_restricted
        from apps.referrals.services import referral_restrict_for_person

        on_person_restricted(referral_restrict_for_person)
