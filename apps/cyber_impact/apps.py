from django.apps import AppConfig


class CyberImpactConfig(AppConfig):
    name = "apps.cyber_impact"
    label = "cyber_impact"
    verbose_name = "Cyber Prevent impact"

    def ready(self) -> None:
        from apps.cases import registry as case_registry
        from apps.core import navigation
        from apps.cyber_impact import services, worklists  # noqa: F401  (registers the work list)

        case_registry.on_reoffending_checks_scheduled(services.measures_link_checks)

        case_registry.register_case_section(
            label="Impact",
            url_name="cyber_impact:case_impact",
            capability="cyber_impact.view_outcomemeasure",
            order=60,
        )
        navigation.register(
            navigation.NavItem(
                "Interviews",
                "cyber_impact:interview_list",
                "cyber_impact.view_intelligenceinterview",
                order=33,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Cyber impact",
                "cyber_impact:impact_report",
                "reporting.view_aggregates",
                order=34,
            )
        )
