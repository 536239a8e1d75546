from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "apps.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from apps.assessments import worklists  # noqa: F401  (registers the sign-off list)
        from apps.core import navigation

        navigation.register(
            navigation.NavItem(
                "Assessments",
                "assessments:assessment_list",
                "assessments.view_assessment",
                order=45,
            )
        )
        navigation.register(
            navigation.NavItem(
                "Assessment frameworks",
                "assessments:framework_list",
                "assessments.add_assessmentframework",
                order=90,
            )
        )
