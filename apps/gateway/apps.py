from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "apps.gateway"
    label = "gateway"
    verbose_name = "Gateway"

    def ready(self) -> None:
        from apps.core import navigation
        from apps.gateway import worklists  # noqa: F401  (registers the home-page lists)
        from apps.gateway.feedback import feedback_outcome_wording
        from apps.referrals import registry as referrals_registry

        # The referrer's feedback page offers the signed-off outcome in a partner's words.
        referrals_registry.register_feedback_wording(feedback_outcome_wording)

        navigation.register(
            navigation.NavItem(
                "Enquiries", "gateway:enquiry_list", "gateway.view_enquiry", order=30
            )
        )
