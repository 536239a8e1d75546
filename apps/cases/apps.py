from django.apps import AppConfig

from apps.gateway import registry as gateway_registry
from apps.people import registry as people_registry


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from apps.cases.models import Case
        from apps.cases.services import case_open_for_decision, case_restrict_for_person
        from apps.core import access

        # Gateway announces a signed-off decision; a case opens in the same transaction.
        gateway_registry.on_decision_signed_off(case_open_for_decision)
        people_registry.on_person_restricted(case_restrict_for_person)
        # A merge moves the cases to the surviving record (people.services.person_merge).
        people_registry.register_person_link(Case, label="cases")
        people_registry.register_person_records(
            "cases",
            lambda *, user, person: access.restrict(Case.objects.filter(person=person), user=user),
        )
