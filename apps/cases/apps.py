from django.apps import AppConfig

from apps.people import registry as people_registry


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from apps.cases.models import Case
        from apps.cases.services import case_restrict_for_person
        from apps.core import access

        people_registry.on_person_restricted(case_restrict_for_person)
        # A merge moves the cases to the surviving record (people.services.person_merge).
        people_registry.register_person_link(Case, label="cases")
        people_registry.register_person_records(
            "cases",
            lambda *, user, person: access.restrict(Case.objects.filter(person=person), user=user),
        )
