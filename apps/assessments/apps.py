from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "apps.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from apps.assessments import worklists  # noqa: F401  (registers the sign-off list)
        from apps.assessments.timeline import assessment_stamps, assessment_timeline
        from apps.cases import registry as case_registry
        from apps.core import navigation

        case_registry.register_case_section(
            label="Assessments",
            url_name="assessments:case_assessments",
            capability="assessments.view_assessment",
            order=40,
        )
        case_registry.register_timeline_source(
            assessment_timeline, kinds={"assessment": "Assessments"}, stamps=assessment_stamps
        )

        navigation.register(
            navigation.NavItem(
                "Assessments",
                "assessments:assessment_list",
                "assessments.view_assessment",
                order=47,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Assessment frameworks",
                "assessments:framework_list",
                "assessments.add_assessmentframework",
                order=91,
            )
        )
