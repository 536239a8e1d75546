"""Demo misuse alerts: staff access patterns the data protection officer can review.

Synthetic only: the Cyber Prevent officer browses the Thames Valley team's people (more
than the rule's threshold), and the Prevent officer searches for a colleague's name.
The events go through the real audit writer, are sealed, and the real rules raise the
alerts. Idempotent: once there are alerts, a rerun adds nothing.
"""

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.audit.misuse import detect_misuse, rules
from apps.audit.models import MisuseAlert
from apps.audit.sealing import seal
from apps.core import audit
from apps.people.models import Person
from demo.users import PREVENT_TEAM


def seed_misuse_alerts(stdout, *, people: int) -> None:
    if MisuseAlert.objects.exists():
        stdout.write("Misuse alerts already present.")
        return
    browser = User.objects.get(username="cyber.officer")
    searcher = User.objects.get(username="prevent.officer")
    threshold = int(rules()["records_outside_team"]["threshold"]) or 20
    for person in Person.objects.filter(team__name=PREVENT_TEAM).order_by("reference")[
        : threshold + 5
    ]:
        audit.record_view(user=browser, subject=person)
    audit.record(
        AuditAction.SEARCH,
        user=searcher,
        detail={
            "scope": "people",
            "terms": {"given_name": "Gemma", "family_name": "Gateway"},
            "result_count": 0,
        },
    )
    seal(checkpoint=False)
    raised = detect_misuse()
    stdout.write(f"Misuse alerts: {len(raised)} raised for the data protection officer.")
