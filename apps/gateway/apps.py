from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "apps.gateway"
    label = "gateway"
    verbose_name = "Gateway"

    def ready(self) -> None:
        from apps.core import navigation
        from apps.gateway import worklists  # noqa: F401  (registers the home-page lists)

        navigation.register(
            navigation.NavItem(
                "Enquiries", "gateway:enquiry_list", "gateway.view_enquiry", order=30
            )
        )
