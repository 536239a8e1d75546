from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "apps.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from apps.core import navigation

        navigation.register(
            navigation.NavItem(
                "Partners", "partners:organisation_list", "partners.view_organisation", order=60
            )
        )
