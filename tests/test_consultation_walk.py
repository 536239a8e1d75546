"""Access and audit that a new view cannot forget (issue 8, item 4).

Seeds people and referrals with unmistakable marker names, walks every URL pattern of
the project (pages and /api/v1/, lists and details) as permitted users, and fails when
a response shows a marker without a consultation (a VIEW or a SEARCH event) carrying
that response's request ID, or when one request recorded more than one VIEW of the
same record. A new page or endpoint is walked as soon as it is routed: one with a path
parameter the walk cannot fill fails until a seeded record is added to `path_values`.
"""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.tests.factories import TeamFactory
from apps.assessments.tests.factories import DraftAssessmentFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.tests.factories import MisuseAlertFactory
from apps.cases.models import CaseFlag, CaseTransfer
from apps.cases.tests.factories import (
    DueCheckFactory,
    DueReviewFactory,
    OutstandingDirectionFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)
from apps.core import access, audit
from apps.cyber_enquiries.tests.factories import CampaignActivityFactory, ReceivedEnquiryFactory
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
)
from apps.cyber_packages.tests.factories import NamedSubjectFactory
from apps.gateway.models import GatewayDecision
from apps.interventions.models import Signposting
from apps.interventions.tests.factories import GivenConsentFactory, PlannedInterventionFactory
from apps.partners.tests.factories import (
    BriefingFactory,
    ContactFactory,
    EngagementFactory,
    NetworkFactory,
    OrganisationFactory,
    approved_provider,
)
from apps.people import selectors as people_selectors
from apps.people import services as people_services
from apps.people.models import Person
from apps.reference.models import SupportService
from apps.referrals.models import ReferralImport
from apps.referrals.tests.factories import AssessmentReferralFactory, ReceivedReferralFactory
from apps.referrals.validation import PAGES
from apps.work import services as work_services

pytestmark = pytest.mark.django_db

GIVEN = "Zyxmarker"
FAMILY = "Qwvmarker"
MARKER = re.compile(r"zyxmarker|qwvmarker", re.IGNORECASE)
# Each seeded person has its own family name, so the walk can tell whose record is shown.
FAMILY_NAME = re.compile(r"qwvmarker\d\d", re.IGNORECASE)
CONSULTATIONS = (AuditAction.VIEW, AuditAction.SEARCH)

# Not walked, and why. Everything else routed is requested with GET.
SKIPPED = {
    "accounts:logout": "POST-only; signing out ends the walk's session",
    "accounts:login": "the sign-in form: shows no record",
    "accounts:break_glass_end": "POST-only (ends a grant)",
    "referrals:referral_begin_deconfliction": "POST-only (a transition)",
    "referrals:attachment_download": "an export: recorded as EXPORT (apps/referrals tests)",
    "api:referral-urgency": "PUT-only (a change; apps/referrals/tests/test_urgency.py)",
    "api:referral-feedback": "POST-only (a disclosure; gateway tests: test_referrer_feedback)",
    "api:person_match": "POST-only; walked below as a search with a body (READ_BY_POST)",
    "assessments:assessment_submit": "POST-only (a transition)",
    "assessments:framework_make_current": "POST-only; reference data, no person",
    "interventions:intervention_start": "POST-only (a transition)",
    "documents:document_download": "an export: recorded as EXPORT (apps/documents tests)",
    "documents:calendar_feed": "no sign-in, opened by its secret: an export (apps/documents tests)",
    "documents:calendar_revoke": "POST-only (turns the feed off)",
    "api:case-intelligence-interviews": "POST-only (a create; apps/cyber_impact tests)",
    "api:intervention-outcome-measures": "POST-only (a create; apps/cyber_impact tests)",
    "cyber_packages:package_return": "an export: recorded as EXPORT (apps/cyber_packages tests)",
    "cyber_packages:package_allocate": "POST-only (an allocation)",
    "admin:*": "Django admin: reference data and accounts only, no person or referral",
    "<unnamed>": "regex catch-alls that answer 404 (admin, api_not_found)",
}
# Reads that take a body: walked with POST.
READ_BY_POST = {
    "api:person_match": {"given_name": GIVEN, "surname": f"{FAMILY}01"},
}
# Lists walked a second time with terms, so that lists needing terms show the markers.
LIST_TERMS = {
    "people:person_list": {"q": FAMILY},
    "referrals:referral_list": {"q": FAMILY},
    "gateway:enquiry_list": {"q": FAMILY},
    "partners:contact_list": {"q": FAMILY},
    "api:person-list": {"q": FAMILY},
}


def _patterns(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            child = pattern.namespace or namespace
            if pattern.namespace and namespace:
                child = f"{namespace}:{pattern.namespace}"
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), child)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name or "<unnamed>"


def _skip_reason(name: str) -> str | None:
    namespace = name.split(":")[0]
    return SKIPPED.get(name) or SKIPPED.get(f"{namespace}:*")


@pytest.fixture
def seeded(team, gateway_officer, supervisor):
    """People, referrals, a decision awaiting sign-off, a merge and an import, all marked."""
    # Created through the service, so the matching index holds them (duplicates, searches).
    person, duplicate = (
        people_services.person_create(
            created_by=gateway_officer,
            team=team,
            given_name=GIVEN,
            family_name=f"{FAMILY}{number}",
            date_of_birth=datetime.date(2009, 1, 5),
            address={"line_1": "3 Elm Row", "town": "Reading", "postcode": "RG1 1AA"},
        )
        for number in ("01", "02")
    )
    merged = people_services.person_create(
        created_by=gateway_officer,
        team=team,
        given_name=GIVEN,
        family_name=f"{FAMILY}03",
        date_of_birth=datetime.date(1990, 6, 1),
    )
    merge = people_services.person_merge(
        officer=supervisor, survivor=person, merged=merged, reason="Same person (walk)"
    )
    names = {"subject_given_name": GIVEN, "subject_family_name": f"{FAMILY}01"}
    referral = ReceivedReferralFactory(team=team, person=person, **names)
    assessed = AssessmentReferralFactory(team=team, person=person, **names)
    decision = GatewayDecision.objects.create(
        referral=assessed,
        outcome="channel",
        rationale="Synthetic rationale for the walk.",
        threshold_met=True,
        proposed_by=gateway_officer,
    )
    case = SupportCaseFactory(team=team, person=person)
    flag = CaseFlag.objects.create(case=case, kind="interpreter_needed", reason="Walk")
    direction = OutstandingDirectionFactory(case=case, tasked_officer=supervisor)
    case_contact = RecordedContactFactory(case=case, created_by=supervisor)
    review = DueReviewFactory(case=case)
    check = DueCheckFactory(case=case)
    # A case offered to the supervisor's team by another (the receiving supervisor's page).
    offered = CaseTransfer.objects.create(
        case=case,
        from_team=TeamFactory(name="Walk sending team"),
        to_team=team,
        handover_note="Synthetic handover for the walk.",
        status="awaiting",
    )
    # Case support (assessments, interventions, documents) on the same case.
    assessment = DraftAssessmentFactory(case=case)
    intervention = PlannedInterventionFactory(case=case)
    consent = GivenConsentFactory(case=case)
    signposting = Signposting.objects.create(
        reference="SG-2026-09999",
        case=case,
        service=SupportService.objects.first(),
        signposted_on=datetime.date(2026, 1, 5),
        reason="Synthetic reason for the walk.",
    )
    batch = ReferralImport.objects.create(
        team=team,
        created_by=gateway_officer,
        original_name="walk.csv",
    )
    # A Cyber Prevent case's interview and outcome measure (cyber_impact).
    cyber_intervention = CompletedCyberInterventionFactory(case__team=team, case__person=person)
    measure = OutcomeMeasureFactory(intervention=cyber_intervention)
    interview = ConsentedInterviewFactory(case=cyber_intervention.case)
    # A task about the referral, whose title names someone: its pages must record it.
    task = work_services.task_create(
        officer=supervisor,
        assignee=gateway_officer,
        title=f"Ring {FAMILY}04's school",
        due_date=datetime.date(2026, 12, 1),
        record=referral,
    )
    # A partner contact (personal data) at a school, at a session, an engagement and a group.
    school = OrganisationFactory(team=team)
    contact = ContactFactory(
        team=team, organisation=school, given_name=GIVEN, family_name=f"{FAMILY}05"
    )
    partners = {
        "organisation": school,
        "contact": contact,
        "provider": approved_provider(team=team, areas=["Reading"], specialisms=["mentoring"]),
        "briefing": BriefingFactory(team=team, organisations=[school], attendees=[contact]),
        "engagement": EngagementFactory(team=team, organisations=[school], contacts=[contact]),
        "network": NetworkFactory(team=team, members=[contact]),
    }
    # A named subject of an intelligence package (Cyber Prevent teams only).
    cyber_subject = NamedSubjectFactory(given_name=GIVEN, family_name=f"{FAMILY}06")
    return {
        **partners,
        # Whose record each family name is: a VIEW of one of these records, or a listing
        # naming one of them by reference, covers that name being shown.
        "shown_as": {
            f"{FAMILY}01".lower(): _ids_and_references(person, referral, assessed, case),
            f"{FAMILY}02".lower(): _ids_and_references(duplicate),
            # A merge moves the merged person's name onto the survivor's record.
            f"{FAMILY}03".lower(): _ids_and_references(merged, person),
            f"{FAMILY}04".lower(): _ids_and_references(task),
            f"{FAMILY}05".lower(): _ids_and_references(contact),
            f"{FAMILY}06".lower(): _ids_and_references(cyber_subject),
        },
        "person": person,
        "duplicate": duplicate,
        "merge": merge,
        "referral": referral,
        "decision": decision,
        "batch": batch,
        "case": case,
        "flag": flag,
        "direction": direction,
        "case_contact": case_contact,
        "review": review,
        "check": check,
        "transfer": offered,
        "task": task,
        # A misuse alert (about staff, not the people in the records): for its pages' ids.
        "alert": MisuseAlertFactory(actor=gateway_officer),
        "assessment": assessment,
        "intervention": intervention,
        "signposting": signposting,
        "consent": consent,
        "interview": interview,
        "measure": measure,
        # Cyber Prevent: an anonymous enquiry (no name) and campaign activity.
        "cyber_enquiry": ReceivedEnquiryFactory(),
        "campaign": CampaignActivityFactory(),
        # Cyber Prevent: an intelligence package's subject, its package and operation.
        "cyber_subject": cyber_subject,
    }


def _ids_and_references(*records) -> set[str]:
    return {str(record.pk) for record in records} | {record.reference for record in records}


def _consulted(events) -> set[str] | None:
    """Ids viewed and references listed by one request's events; None when a search does
    not say what it listed (then it covers whatever the response shows)."""
    consulted = set()
    for action, object_id, detail in events.filter(action__in=CONSULTATIONS).values_list(
        "action", "object_id", "detail"
    ):
        if action == AuditAction.VIEW:
            consulted.add(object_id)
        # The audit trail lists events, whose terms are what someone typed, not records.
        elif "references" not in detail or detail.get("scope") == "audit":
            return None
        else:
            consulted |= set(detail["references"])
    return consulted


def path_values(name: str, seeded: dict) -> dict:
    """Values for path parameters, by parameter name (and URL name for a bare `pk`)."""
    person = seeded["person"]
    return {
        "person_id": person.pk,
        "referral_id": seeded["referral"].pk,
        "decision_id": seeded["decision"].pk,
        "merge_id": seeded["merge"].pk,
        "import_id": seeded["batch"].pk,
        "task_id": seeded["task"].pk,
        "alert_id": seeded["alert"].pk,
        "record_type": "referral",
        "record_id": seeded["referral"].pk,
        "case_id": seeded["case"].pk,
        "assessment_id": seeded["assessment"].pk,
        "framework_id": seeded["assessment"].framework_id,
        "kind": "case-summary",
        "intervention_id": seeded["intervention"].pk,
        "signposting_id": seeded["signposting"].pk,
        "interview_id": seeded["interview"].pk,
        "measure_id": seeded["measure"].pk,
        # A workflow step in the URL: each app names its own.
        "step": "complete"
        if name.startswith(("assessments:", "interventions:"))
        else "start_review",
        "content_type_id": ContentType.objects.get_for_model(person).pk,
        "object_id": person.pk,
        "page": next(iter(PAGES)),
        "file_format": "csv",
        "flag_id": seeded["flag"].pk,
        "direction_id": seeded["direction"].pk,
        "review_id": seeded["review"].pk,
        "check_id": seeded["check"].pk,
        "transfer_id": seeded["transfer"].pk,
        "sequence": AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True)[0],
        "merged_id": seeded["merge"].merged.pk,
        "organisation_id": seeded["organisation"].pk,
        # A case's contact (a visit) or a partner contact, by the route's app.
        "contact_id": (
            seeded["case_contact"] if name.startswith("cases:") else seeded["contact"]
        ).pk,
        "provider_id": seeded["provider"].pk,
        "network_id": seeded["network"].pk,
        "briefing_id": seeded["briefing"].pk,
        "engagement_id": seeded["engagement"].pk,
        "enquiry_id": seeded["cyber_enquiry"].pk,
        "activity_id": seeded["campaign"].pk,
        "subject_id": seeded["cyber_subject"].pk,
        "package_id": seeded["cyber_subject"].package.pk,
        "operation_id": seeded["cyber_subject"].package.operation.pk,
        # The API's person operations are all on one person: /api/v1/people/<pk>/...
        "pk": _pk_for(name, seeded),
        "id": seeded["task"].pk if name.startswith("api:task-") else None,
    }


# Which seeded record an API route's <pk> is, by the route name's prefix (first match).
PK_BY_PREFIX = (
    ("api:person-", "person"),
    ("api:decision-", "decision"),
    ("api:referral-", "referral"),
    ("api:import-", "batch"),
    ("api:audit-alert-", "alert"),
    ("api:case-transfer-", "transfer"),
    ("api:case-", "case"),
    ("api:direction-", "direction"),
    ("api:contact-", "case_contact"),
    ("api:review-", "review"),
    ("api:reoffending-check-", "check"),
    ("api:assessment-", "assessment"),
    ("api:intervention-", "intervention"),
    ("api:intelligence-interview-", "interview"),
    ("api:outcome-measure-", "measure"),
    ("api:consent-", "consent"),
    ("api:signposting-", "signposting"),
    ("api:organisation-", "organisation"),
    ("api:partner-contact-", "contact"),
    ("api:provider-", "provider"),
    ("api:network-", "network"),
    ("api:briefing-", "briefing"),
    ("api:engagement-", "engagement"),
    ("api:cyber-enquiry-", "cyber_enquiry"),
    ("api:cyber-campaign-", "campaign"),
    ("api:cyber-operation-", "cyber_operation"),
    ("api:cyber-package-subject-", "cyber_subject"),
    ("api:cyber-package-", "cyber_package"),
)


def _pk_for(name: str, seeded: dict):
    subject = seeded["cyber_subject"]
    seeded = {
        **seeded,
        "cyber_package": subject.package,
        "cyber_operation": subject.package.operation,
    }
    for prefix, key in PK_BY_PREFIX:
        if name.startswith(prefix):
            return seeded[key].pk
    return None


def _url(route: str, name: str, seeded: dict) -> str:
    values = path_values(name, seeded)

    def fill(match):
        value = values.get(match.group(2))
        if value is None:
            raise AssertionError(
                f"The consultation walk cannot fill <{match.group(2)}> in {name} ({route}): "
                "seed a record for it in tests/test_consultation_walk.py (path_values)."
            )
        return str(value)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _requests(seeded):
    """(method, url, data, label) for every walked request."""
    for route, name in _patterns():
        if _skip_reason(name) or route.startswith("^") or "(?P" in route:
            if name in READ_BY_POST:
                yield "post", _url(route, name, seeded), READ_BY_POST[name], name
            continue
        url = _url(route, name, seeded)
        yield "get", url, None, name
        if name in LIST_TERMS:
            yield "get", url, LIST_TERMS[name], name
    # The audit search, by a seeded record's reference.
    yield "get", "/audit/", {"record": seeded["person"].reference}, "audit:event_list"


def _walk(client, user, seeded, *, only: set[str] | None = None) -> tuple[list[str], int]:
    client.force_login(user)
    problems, shown = [], 0
    for method, url, data, name in _requests(seeded):
        if only is not None and name not in only:
            continue
        if method == "post":
            response = client.post(url, data, content_type="application/json")
        else:
            response = client.get(url, data, HTTP_ACCEPT="application/json, text/html")
        where = f"{user.username} {method.upper()} {url} {data or ''} ({name})"
        assert response.status_code < 500, where
        request_id = response["X-Request-ID"]
        events = AuditEvent.objects.filter(request_id=request_id)
        views = Counter(
            events.filter(action=AuditAction.VIEW).values_list("content_type_id", "object_id")
        )
        problems += [
            f"{where}: {count} VIEW events for {object_id} in one request"
            for (_type, object_id), count in views.items()
            if count > 1
        ]
        content = response.content.decode(errors="replace")
        if not MARKER.search(content):
            continue
        shown += 1
        if not events.filter(action__in=CONSULTATIONS).exists():
            problems.append(f"{where}: shows a marked record and records no consultation")
            continue
        consulted = _consulted(events)
        if consulted is None:
            continue
        problems += [
            f"{where}: shows {family} but records no consultation of that record"
            for family in sorted({name.lower() for name in FAMILY_NAME.findall(content)})
            if not seeded["shown_as"].get(family, set()) & consulted
        ]
    return problems, shown


@pytest.mark.parametrize("role", ["gateway_officer", "supervisor"])
def test_every_page_and_endpoint_that_shows_a_record_records_its_consultation_once(
    client, request, role, seeded
):
    user = request.getfixturevalue(role)
    problems, shown = _walk(client, user, seeded)
    assert problems == []
    # The walk is not vacuous: the seeded records were shown somewhere.
    assert shown >= 5


def test_every_skipped_pattern_is_routed_so_the_list_cannot_go_stale():
    routed = {name for _route, name in _patterns()}
    namespaces = {name.split(":")[0] for name in routed}
    for name in SKIPPED:
        if name.endswith(":*"):
            assert name[:-2] in namespaces, name
        else:
            assert name in routed, name


def test_a_parameter_the_walk_cannot_fill_fails_with_what_to_seed(seeded):
    with pytest.raises(AssertionError, match="cannot fill <widget_id>"):
        _url("widgets/<uuid:widget_id>/", "widgets:widget_detail", seeded)


def test_the_walk_catches_a_page_that_shows_a_person_without_recording_it(
    client, gateway_officer, seeded, monkeypatch
):
    def forgetful_person_get(*, user, person_id, justification=""):
        return access.get_or_404(Person.objects.all(), user=user, pk=person_id)

    # A function page (the base pages refuse such a record themselves: core.pages).
    monkeypatch.setattr(people_selectors, "person_get", forgetful_person_get)
    problems, _shown = _walk(client, gateway_officer, seeded, only={"people:person_referrals"})
    assert len(problems) == 1
    assert "records no consultation" in problems[0]


def test_the_walk_catches_a_record_viewed_twice_in_one_request(
    client, gateway_officer, seeded, monkeypatch
):
    original = people_selectors.person_get

    def stuttering_person_get(*, user, person_id, justification=""):
        person = original(user=user, person_id=person_id, justification=justification)
        audit.record_view(user=user, subject=person)
        return person

    monkeypatch.setattr(people_selectors, "person_get", stuttering_person_get)
    problems, _shown = _walk(client, gateway_officer, seeded, only={"people:person_referrals"})
    assert len(problems) == 1
    assert "2 VIEW events" in problems[0]
