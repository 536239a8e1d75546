from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from apps.cases.services import case_restrict_for_person
        from apps.people.registry import on_person_restricted

        on_person_restricted(case_restrict_for_person)
