from django.apps import AppConfig
from django.db.models import Q

from apps.gateway import registry as gateway_registry
from apps.people import registry as people_registry


class CasesConfig(AppConfig):
    name = "apps.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from apps.cases import registry, worklists  # noqa: F401  (registers the work lists)
        from apps.cases.calendar import case_calendar
        from apps.cases.choices import LIVE_STATUSES, CaseType
        from apps.cases.models import Case
        from apps.cases.reminders import case_reminders
        from apps.cases.selectors import (
            case_list,
            cyber_case_notices,
            team_overdue_directions,
            team_overdue_reviews,
        )
        from apps.cases.services import case_open_for_decision, case_restrict_for_person
        from apps.cases.timeline import (
            ALLOCATION_KINDS,
            TASK_KINDS,
            allocation_stamps,
            allocation_timeline,
            task_stamps,
            task_timeline,
        )
        from apps.core import access, navigation
        from apps.documents import registry as documents_registry
        from apps.work import registry as work_registry

        # Gateway announces a signed-off decision; a case opens in the same transaction.
        gateway_registry.on_decision_signed_off(case_open_for_decision)
        people_registry.on_person_restricted(case_restrict_for_person)
        # A merge moves the cases to the surviving record (people.services.person_merge).
        people_registry.register_person_link(Case, label="cases")
        people_registry.register_person_records(
            "cases", lambda *, user, person: case_list(user=user).filter(person=person)
        )
        # CT Prevent officers learn only that a Cyber Prevent case exists, and who holds it.
        people_registry.register_person_records("case_notices", cyber_case_notices)
        access.register_break_glass(Case)
        # The owning officer is the case's allocation; tasks may be about a case (ADR 0018).
        # Only live cases are open work: ended ones leave the team view's counts and list.
        work_registry.register_record_type(
            Case, label="case", open_q=lambda: Q(status__in=LIVE_STATUSES)
        )
        # Directions and reviews due or overdue: reminded once each (manage.py send_reminders).
        work_registry.register_reminders(case_reminders)
        for order, (heading, counts) in enumerate(
            [
                ("Overdue case reviews", team_overdue_reviews),
                ("Overdue SIO directions", team_overdue_directions),
            ]
        ):
            work_registry.register_team_column(
                work_registry.TeamColumn(heading=heading, counts=counts, order=20 + order)
            )
        # Tasks about the case and its allocation history on the timeline (apps.work).
        registry.register_timeline_source(task_timeline, kinds=TASK_KINDS, stamps=task_stamps)
        registry.register_timeline_source(
            allocation_timeline, kinds=ALLOCATION_KINDS, stamps=allocation_stamps
        )
        # Reviews and SIO directions due in the user's ICS feed (references only).
        documents_registry.register_calendar_source(case_calendar)
        navigation.register(
            navigation.NavItem("Cases", "cases:case_list", "cases.view_case", order=25)
        )
        for order, (label, url_name) in enumerate(
            [
                ("Overview", "cases:case_detail"),
                ("Timeline", "cases:case_timeline"),
                ("SIO directions", "cases:direction_list"),
                ("Contacts", "cases:contact_list"),
                ("Reviews", "cases:review_list"),
            ]
        ):
            registry.register_case_section(label=label, url_name=url_name, order=order * 10)
        # Re-offending checks take the place of post-exit reviews on Cyber Prevent cases.
        registry.register_case_section(
            label="Re-offending checks",
            url_name="cases:check_list",
            order=45,
            case_types=(CaseType.CYBER_PREVENT,),
        )
