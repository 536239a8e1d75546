from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "apps.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from apps.core import navigation
        from apps.partners.models import Engagement
        from apps.partners.services import expiry_reminders
        from apps.work import registry as work_registry

        # 30 days before an agreement or a provider's approval expires (manage.py send_reminders).
        work_registry.register_reminders(expiry_reminders)
        # An engagement's follow-up becomes a task linked to it (ADR 0018, ADR 0020).
        work_registry.register_record_type(Engagement, label="engagement")

        navigation.register(
            navigation.NavItem(
                "Partners", "partners:organisation_list", "partners.view_organisation", order=60
            )
        )
