"""Property-based tests of every API operation, driven by the OpenAPI schema.

Schemathesis reads the schema drf-spectacular builds in-process and sends each
operation generated requests, valid and invalid, to the Django app in-process (WSGI,
inside the test's database transaction). Every answer must be a non-5xx response whose
body matches what the schema promises for its status. Each operation is called as a
user who may use it, on records that exist: it must answer 2xx at least once, so the
fuzzing reaches the code behind the sign-in and access checks, not only the refusals.

A new operation is fuzzed with no change here: path ids are taken from the list at the
path's parent (`/things/{id}/` from `/things/`, with LIST_TERMS when the list needs terms),
request bodies include the examples the schema documents, an operation that needs If-Match
is also sent the record's current ETag, and the caller is the supervisor unless CALLERS
names another. Ids no list gives (a merged record) and bodies naming another
record come from the `people` fixture (PATH_VALUES, BODIES).
API_FUZZ_EXAMPLES raises the examples per operation for a deeper run; API_FUZZ_EXPLORE=1
draws new examples each run instead of the same ones.
"""

import datetime
import itertools
import json
import os
import re
import traceback
from types import SimpleNamespace

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from apps.assessments import services as assessment_services
from apps.assessments.tests.factories import (
    CompleteDraftAssessmentFactory,
    DraftAssessmentFactory,
)
from apps.audit.choices import AuditAction
from apps.audit.tests.factories import MisuseAlertFactory
from apps.cases.models import CaseTransfer
from apps.cases.tests.factories import (
    DueCheckFactory,
    DueReviewFactory,
    OpenCaseFactory,
    OutstandingDirectionFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)
from apps.core import audit
from apps.cyber_enquiries.tests.factories import (
    CampaignActivityFactory,
    ReceivedEnquiryFactory,
    SuitableEnquiryFactory,
)
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
)
from apps.cyber_packages.tests.factories import OperationFactory, PendingSubjectFactory
from apps.gateway.tests.factories import AwaitingSignOffDecisionFactory, SignedOffDecisionFactory
from apps.interventions.models import Signposting, SupportPlan
from apps.interventions.tests.factories import (
    CyberCaseFactory,
    GivenConsentFactory,
    PlannedCeaseAndDesistFactory,
    PlannedInterventionFactory,
)
from apps.partners.tests.factories import (
    BriefingFactory,
    ContactFactory,
    EngagementFactory,
    NetworkFactory,
    OrganisationFactory,
    approved_provider,
)
from apps.people import services as people_services
from apps.people.models import PersonIdentifier
from apps.people.tests.factories import PersonFactory
from apps.reference.models import SupportService
from apps.referrals.models import ReferralImport
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    DeconflictionReferralFactory,
    ReceivedReferralFactory,
)
from apps.work import services as work_services

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Examples per operation: a total shared out between the operations, at most CEILING and
# at least FLOOR each, so the run stays about a minute and a half long (about 0.1 s an example) as
# operations are added. API_FUZZ_EXAMPLES sets the number per operation instead.
TOTAL_EXAMPLES = 1800
CEILING, FLOOR = 50, 15
CHECKS = [not_a_server_error, response_schema_conformance]
METHODS = {"get", "post", "put", "patch", "delete"}

# Who calls each operation ("METHOD /path"): a cast member for whom it can succeed.
DEFAULT_CALLER = "supervisor"
CALLERS = {
    "GET /api/v1/audit/alerts/": "data_protection_officer",
    "GET /api/v1/audit/alerts/{id}/": "data_protection_officer",
    "POST /api/v1/referrals/": "gateway_officer",
    "POST /api/v1/cases/{id}/directions/": "sio",
    "PATCH /api/v1/directions/{id}/": "sio",
    "POST /api/v1/people/match": "gateway_officer",
    "POST /api/v1/referrals/{id}/decision/": "gateway_officer",
    "POST /api/v1/referrals/{id}/deconfliction/decision/": "gateway_officer",
    "POST /api/v1/referrals/{id}/deconfliction/check/": "gateway_officer",
    "POST /api/v1/referrals/{id}/deconfliction/complete/": "gateway_officer",
    "POST /api/v1/enquiries/": "gateway_officer",
    # A Cyber Prevent case's support is recorded by its Cyber Prevent team.
    **{
        f"{method} /api/v1/interventions/{{id}}/{records}/": "cyber_officer"
        for method in ("GET", "POST")
        for records in ("investigation-checks", "letter-deliveries")
    },
    # Cyber Prevent enquiries and campaigns: only Cyber Prevent teams use them.
    **{
        f"{method} /api/v1/cyber/{kind}/{suffix}": "cyber_officer"
        for kind in ("enquiries", "campaigns")
        for method, suffix in (
            ("GET", ""),
            ("POST", ""),
            ("GET", "{id}/"),
            ("PUT", "{id}/"),
            ("PATCH", "{id}/"),
        )
    },
    "POST /api/v1/cyber/enquiries/{id}/decision/": "cyber_officer",
    "POST /api/v1/cyber/enquiries/{id}/convert/": "cyber_officer",
    # Intelligence packages and operations: Cyber Prevent teams only.
    **{
        f"{method} /api/v1/cyber/{kind}/{suffix}": "cyber_officer"
        for kind in ("operations", "packages", "package-subjects")
        for method, suffix in (
            ("GET", ""),
            ("POST", ""),
            ("GET", "{id}/"),
            ("PUT", "{id}/"),
            ("PATCH", "{id}/"),
        )
    },
    "POST /api/v1/cyber/packages/{id}/subjects/import/": "cyber_officer",
}

# Lists that answer only a search: the terms that list the `people` fixture's records.
LIST_TERMS = {"/api/v1/people/": {"q": "Fuzzington"}}
# Path parameters no list gives (the merged record of a merge), from the `people` fixture.
PATH_VALUES = {
    "merged_id": lambda people: [people.merge.merged.pk],
    "case_id": lambda people: [people.case.pk],
}
# Operations that succeed only on a record at one stage: its ids, from the `people` fixture.
OPERATION_PATH_VALUES = {
    "POST /api/v1/referrals/{id}/decision/": {"id": lambda people: [people.assessed.pk]},
    "POST /api/v1/referrals/{id}/deconfliction/decision/": {
        "id": lambda people: [people.undecided.pk]
    },
    "POST /api/v1/referrals/{id}/deconfliction/complete/": {"id": lambda people: [people.ready.pk]},
    "POST /api/v1/assessments/{id}/submit/": {"id": lambda people: [people.complete.pk]},
    "POST /api/v1/assessments/{id}/sign-off/": {"id": lambda people: [people.submitted.pk]},
    **{
        f"{method} /api/v1/interventions/{{id}}/{records}/": {
            "id": lambda people: [people.cease_and_desist.pk]
        }
        for method in ("GET", "POST")
        for records in ("investigation-checks", "letter-deliveries")
    },
    # Linked and checked "no trace": the documented example records the same result again.
    "POST /api/v1/referrals/{id}/deconfliction/check/": {"id": lambda people: [people.ready.pk]},
    "POST /api/v1/cases/{id}/intelligence-interviews/": {
        "id": lambda people: [people.cyber.case_id]
    },
    "POST /api/v1/interventions/{id}/outcome-measures/": {"id": lambda people: [people.cyber.pk]},
    "POST /api/v1/cases/{id}/transfer/withdraw/": {"id": lambda people: [people.offered.pk]},
    "POST /api/v1/referrals/{id}/feedback/": {
        "id": lambda people: [referral.pk for referral in people.feedback_ready]
    },
    # Enquiries decided suitable: the documented referral converts one (then 409s).
    "POST /api/v1/cyber/enquiries/{id}/convert/": {
        "id": lambda people: [enquiry.pk for enquiry in people.suitable_enquiries]
    },
}
# Bodies that must name another seeded record to succeed, from the `people` fixture.
BODIES = {
    # A new identifier (the documented example's is already the person's).
    "POST /api/v1/people/{id}/identifiers/": lambda people: {
        "kind": "email",
        "value": "Fuzz.Person@Example.com",
    },
    "POST /api/v1/people/{id}/merge/": lambda people: {
        "other": str(people.other.pk),
        "reason": "The same date of birth and school",
    },
    "POST /api/v1/people/{id}/identifiers/remove/": lambda people: {
        "kind": people.identifier.kind,
        "value": people.identifier.value,
    },
    "POST /api/v1/people/{id}/not-same/": lambda people: {
        "other": str(people.other.pk),
        "reason": "Different dates of birth",
    },
}


def openapi_schema() -> dict:
    """The schema as /api/v1/schema/ serves it, built without a request."""
    built = SchemaGenerator(api_version="1.0.0").get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(built, renderer_context={}))


RAW_SCHEMA = openapi_schema()
SCHEMA = schemathesis.openapi.from_dict(RAW_SCHEMA)
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, item in RAW_SCHEMA["paths"].items()
    for method in item
    if method in METHODS
]
MAX_EXAMPLES = int(
    os.environ.get("API_FUZZ_EXAMPLES")
    or max(FLOOR, min(CEILING, TOTAL_EXAMPLES // len(OPERATIONS)))
)


@pytest.fixture
def records(team, other_team, gateway_officer, supervisor, colleague, cyber_team):
    """Records in the callers' team at every stage, so lists and lookups find something."""
    person = PersonFactory(team=team)
    # Last year's references: this year's series is the one the API's new referrals take.
    referrals = [
        ReceivedReferralFactory(team=team, reference="PR-2025-00001"),
        DeconflictionReferralFactory(team=team, reference="PR-2025-00002"),
        AssessmentReferralFactory(team=team, person=person, reference="PR-2025-00003"),
        AwaitingSignOffDecisionFactory(
            referral__team=team, referral__reference="PR-2025-00004", proposed_by=gateway_officer
        ).referral,
    ]
    # Decided, and the referrer agreed to hear the outcome: the feedback lists have rows.
    referrals += [
        SignedOffDecisionFactory(
            referral__team=team,
            referral__reference=f"PR-2025-0000{number}",
            referral__referrer_may_receive_feedback=True,
            referral__referrer_email="referrer@example.invalid",
        ).referral
        for number in range(5, 10)
    ]
    for referral in referrals:  # audit events for the audit trail's operations
        audit.record(AuditAction.VIEW, user=gateway_officer, subject=referral)
    # Allocations to release, and open tasks of the caller's to complete, cancel, reassign.
    for referral in referrals[1:3]:
        work_services.allocation_allocate(
            record=referral, officer=gateway_officer, by=gateway_officer
        )
        work_services.task_create(
            officer=supervisor,
            assignee=supervisor,
            title="Synthetic task for the fuzz",
            due_date=datetime.date(2027, 1, 15),
            record=referral,
        )
    MisuseAlertFactory(actor=gateway_officer)  # for the data protection officer's alerts
    # The partners directory (shared by every team). Last year's references: the API's
    # creates take this year's; the school's is the one the engagement example names.
    school = OrganisationFactory(team=team, reference="ORG-2025-00001")
    contact = ContactFactory(team=team, organisation=school, reference="CON-2025-00001")
    approved_provider(
        team=team, areas=["Reading"], specialisms=["mentoring"], reference="PV-2025-00001"
    )
    BriefingFactory(
        team=team, organisations=[school], attendees=[contact], reference="BRF-2025-00001"
    )
    EngagementFactory(
        team=team, organisations=[school], contacts=[contact], reference="ENG-2025-00001"
    )
    NetworkFactory(team=team, members=[contact], reference="NET-2025-00001")
    # Cases at the first stage and in support, with a direction, a contact and a review due.
    OpenCaseFactory(team=team, reference="CS-2025-00001")
    supported = SupportCaseFactory(team=team, reference="CS-2025-00002")
    OutstandingDirectionFactory(case=supported, tasked_officer=colleague)
    RecordedContactFactory(case=supported, created_by=colleague)
    DueReviewFactory(case=supported)
    DueCheckFactory(case=supported)
    # A case another team offers to the supervisor's team (accepted or declined by them).
    CaseTransfer.objects.create(
        case=SupportCaseFactory(team=other_team, reference="CS-2025-00009"),
        from_team=other_team,
        to_team=team,
        handover_note="Synthetic handover for the fuzz.",
        status="awaiting",
    )
    # A case with an assessment, an intervention and consent (assessments, interventions).
    case = OpenCaseFactory(team=team, person=person, reference="CS-2025-00003")
    DraftAssessmentFactory(case=case, reference="AS-2025-00001")
    PlannedInterventionFactory(case=case, reference="IV-2025-00001")
    GivenConsentFactory(case=case)
    Signposting.objects.create(
        reference="SG-2025-00001",
        case=case,
        service=SupportService.objects.get(code="early-help"),
        signposted_on=datetime.date(2025, 12, 1),
        reason="Synthetic: family support",
    )
    # Cyber Prevent: enquiries awaiting a decision, and campaign activity.
    for number in range(1, 6):
        ReceivedEnquiryFactory(team=cyber_team, reference=f"CE-2025-0000{number}")
    CampaignActivityFactory(team=cyber_team, reference="CC-2025-00001")
    # Cyber Prevent: an operation (named in the package example) with a package and subject.
    operation = OperationFactory(team=cyber_team, reference="OP-2025-00001")
    PendingSubjectFactory(
        package__operation=operation,
        package__reference="PK-2025-00001",
        reference="SJ-2025-00001",
        email="a@example.com",
    )
    return referrals


@pytest.fixture
def people(team, other_team, supervisor, colleague, cyber_team):
    """A person found by LIST_TERMS, holding an identifier (the documented example's) and an
    earlier merge; another to merge or tell apart (named in BODIES); a referral about them
    ready to complete de-confliction; and an import of the supervisor's."""
    person = PersonFactory(team=team, family_name="Fuzzington")
    other = PersonFactory(team=team, family_name="Otherfuzz")  # not listed: ids from the body
    identifier = PersonIdentifier.objects.create(person=person, kind="pnc", value="26/123456A")
    merge = people_services.person_merge(
        officer=supervisor, survivor=person, merged=PersonFactory(team=team), reason="Same"
    )
    # Linked and checked, so de-confliction can be completed.
    ready = DeconflictionReferralFactory(
        team=team, person=person, live_investigation_check="no_trace", reference="PR-2025-00090"
    )
    # An upload of the caller's (an import belongs to whoever started it), with an error.
    batch = ReferralImport.objects.create(
        team=team,
        created_by=supervisor,
        original_name="fuzz.csv",
        status="rejected",
        errors=[{"row": 2, "field": "date_received", "message": "Enter a real date"}],
    )
    # At Gateway assessment, so a decision can be proposed on it.
    assessed = AssessmentReferralFactory(team=team, person=person, reference="PR-2025-00091")
    # In de-confliction with no match decision yet.
    undecided = DeconflictionReferralFactory(team=team, reference="PR-2025-00092")
    # A case's support and assessments (/cases/{case_id}/...): a case with a plan and no
    # assessment yet; an assessment ready to submit; one a colleague submitted, to sign off.
    case = OpenCaseFactory(team=team, person=person, reference="CS-2025-00090")
    SupportPlan.objects.create(case=case, objectives="Synthetic objectives")
    complete = CompleteDraftAssessmentFactory(
        case=OpenCaseFactory(team=team, reference="CS-2025-00091"), reference="AS-2025-00091"
    )
    # A cease-and-desist planned on a Cyber Prevent case: checks and letter deliveries.
    cease_and_desist = PlannedCeaseAndDesistFactory(
        case=CyberCaseFactory(team=cyber_team, reference="CS-2025-00093"),
        reference="IV-2025-00093",
    )
    submitted = assessment_services.assessment_submit(
        assessment=CompleteDraftAssessmentFactory(
            case=OpenCaseFactory(team=team, reference="CS-2025-00092"), reference="AS-2025-00092"
        ),
        officer=colleague,
    )
    # A Cyber Prevent case: an intervention that ended on a fixed date (so the documented
    # six-month measure is due), its end measure and an interview (cyber_impact).
    cyber = CompletedCyberInterventionFactory(
        case__team=team, case__reference="CS-2025-00004", end_date=datetime.date(2025, 1, 31)
    )
    OutcomeMeasureFactory(intervention=cyber, measured_on=datetime.date(2025, 2, 10))
    ConsentedInterviewFactory(case=cyber.case)
    # A case the supervisor offered to another team, not yet answered: they may withdraw it.
    offered = SupportCaseFactory(team=team, reference="CS-2025-00094")
    CaseTransfer.objects.create(
        case=offered,
        from_team=team,
        to_team=other_team,
        handover_note="Synthetic offer for the fuzz.",
        status="awaiting",
        created_by=supervisor,
    )
    suitable_enquiries = [
        SuitableEnquiryFactory(team=cyber_team, reference=f"CE-2025-0009{number}")
        for number in range(3)
    ]
    # Decided and signed off, and the referrer agreed to hear the outcome: feedback can be
    # sent (several times), so the feedback operation is fuzzed on these, not on any referral.
    feedback_ready = [
        SignedOffDecisionFactory(
            referral__team=team,
            referral__reference=f"PR-2025-0009{number}",
            referral__referrer_may_receive_feedback=True,
            referral__referrer_email="referrer@example.invalid",
        ).referral
        for number in range(5, 8)
    ]
    return SimpleNamespace(
        feedback_ready=feedback_ready,
        offered=offered,
        suitable_enquiries=suitable_enquiries,
        person=person,
        other=other,
        identifier=identifier,
        merge=merge,
        ready=ready,
        assessed=assessed,
        undecided=undecided,
        batch=batch,
        case=case,
        complete=complete,
        submitted=submitted,
        cease_and_desist=cease_and_desist,
        cyber=cyber,
    )


class InProcessApp:
    """The Django app as a WSGI callable, inside the test's transaction.

    Django closes "old" database connections as each request starts and ends; inside
    the test's transaction that would close it, so, as Django's test client does, not
    during these calls. The exception behind any 500 is kept for the failure message.
    """

    def __init__(self):
        self.handler = WSGIHandler()
        self.errors: list[str] = []

    def keep_error(self, sender, request=None, **kwargs):
        self.errors.append(traceback.format_exc())

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        got_request_exception.connect(self.keep_error)
        try:
            response = self.handler(environ, start_response)
            content = b"".join(response)
            response.close()  # sends request_finished now, while the signals are off
            return [content]
        finally:
            got_request_exception.disconnect(self.keep_error)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def signed_in(client, user) -> dict:
    """Session and CSRF cookies, and the CSRF header, for `user` (the API uses sessions)."""
    client.force_login(user)
    request = RequestFactory().get("/")
    token = get_token(request)
    return {
        "cookies": {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
            settings.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"],
        },
        "headers": {"X-CSRFToken": token},
    }


def known_path_values(client, path: str, people, label: str = "") -> dict[str, list]:
    """Values for each path parameter, from the list one level up (`/referrals/` for `{id}`)."""
    values = {}
    for match in re.finditer(r"\{(\w+)\}", path):
        if match.group(1) in OPERATION_PATH_VALUES.get(label, {}):
            values[match.group(1)] = OPERATION_PATH_VALUES[label][match.group(1)](people)
            continue
        if match.group(1) in PATH_VALUES:
            values[match.group(1)] = PATH_VALUES[match.group(1)](people)
            continue
        parent = path[: match.start()]
        listing = client.get(parent, LIST_TERMS.get(parent, {}))
        if listing.status_code == 200:
            body = listing.json()
            rows = body.get("results", []) if isinstance(body, dict) else body
            values[match.group(1)] = [row[match.group(1)] for row in rows if match.group(1) in row]
    return {name: found for name, found in values.items() if found}


# Any JSON value: what a confused or hostile client may put in any one field.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=5,
)


def json_body(operation) -> dict:
    content = operation.definition.raw.get("requestBody", {}).get("content", {})
    return content.get("application/json", {})


def documented_bodies(operation) -> list:
    """The request bodies the schema gives as examples."""
    examples = json_body(operation).get("examples", {})
    return [example["value"] for example in examples.values() if "value" in example]


def body_fields(operation) -> list[str]:
    """The fields the body's schema names (a $ref to a component, or inline)."""
    schema = json_body(operation).get("schema", {})
    if "$ref" in schema:
        schema = RAW_SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return sorted(schema.get("properties", {}))


def needs_if_match(operation) -> bool:
    parameters = operation.definition.raw.get("parameters", [])
    return any(parameter.get("name") == "If-Match" for parameter in parameters)


def current_etag(client, operation, chosen: dict) -> str:
    """The ETag of the record the path names, read now (each successful change moves it on)."""
    return client.get(filled(operation.path, chosen)).headers.get("ETag", '"0"')


def filled(path: str, chosen: dict) -> str:
    """The path with its parameters replaced by the chosen values."""
    return re.sub(r"\{(\w+)\}", lambda match: str(chosen[match.group(1)]), path)


def cases(operation, client, people):
    """Generated requests, valid and invalid, on existing records, and documented bodies."""
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    label = f"{operation.method.upper()} {operation.path}"
    known = known_path_values(client, operation.path, people, label)
    chosen_paths = st.fixed_dictionaries(
        {name: st.sampled_from(found) for name, found in known.items()}
    )
    if known:
        strategies.append(
            chosen_paths.flatmap(lambda chosen: operation.as_strategy(path_parameters=chosen))
        )
    if known and needs_if_match(operation):
        for body in [None, *documented_bodies(operation)]:
            strategies.append(
                chosen_paths.flatmap(
                    lambda chosen, body=body: operation.as_strategy(
                        path_parameters=chosen,
                        headers={"If-Match": current_etag(client, operation, chosen)},
                        **({} if body is None else {"body": body}),
                    )
                )
            )
    if known and label in BODIES:
        body = BODIES[label](people)
        strategies.append(
            chosen_paths.flatmap(
                lambda chosen: operation.as_strategy(path_parameters=chosen, body=body)
            )
        )
    # Documented bodies go to the records that exist where the path names one (a random id
    # is already tried above, and would only ever answer 404 however good the body).
    paths = chosen_paths if known else st.just(None)

    def with_path(chosen, **kwargs):
        return operation.as_strategy(**({"path_parameters": chosen} if chosen else {}), **kwargs)

    for body in documented_bodies(operation):
        strategies.append(paths.flatmap(lambda chosen, body=body: with_path(chosen, body=body)))
        if isinstance(body, dict) and body:
            # The documented body with some fields set to any JSON value: the fields left
            # alone are valid, so the request gets as far into the code as the others let it.
            fields = sorted({*body, *body_fields(operation)})
            changes = st.dictionaries(st.sampled_from(fields), JSON_VALUES, min_size=1)
            strategies.append(
                st.tuples(paths, changes).flatmap(
                    lambda pair, body=body: with_path(pair[0], body={**body, **pair[1]})
                )
            )
    return st.one_of(strategies)


def documented_calls(label: str, operation, client, people, per_parameter: int = 5) -> list[int]:
    """Each documented body (or none) sent once to each record the path can name (the first
    few of each list), with the record's ETag where the operation needs one: the requests a
    careful client would make, so whether the operation ever succeeds does not hang on which
    records the random examples happen to pick. Each answer must still be below 500."""
    known = known_path_values(client, operation.path, people, label)
    names = re.findall(r"\{(\w+)\}", operation.path)
    if any(name not in known for name in names):
        return []
    bodies = [*documented_bodies(operation), *([BODIES[label](people)] if label in BODIES else [])]
    statuses = []
    for values in itertools.product(*(known[name][:per_parameter] for name in names)):
        chosen = dict(zip(names, values, strict=True))
        path = filled(operation.path, chosen)
        for body in bodies or [None]:
            headers = {}
            if needs_if_match(operation):
                headers["If-Match"] = current_etag(client, operation, chosen)
            response = client.generic(
                operation.method.upper(),
                path,
                data=b"" if body is None else json.dumps(body),
                content_type="application/json",
                headers=headers,
            )
            assert response.status_code < 500, (path, body, response.content[:2000])
            statuses.append(response.status_code)
    return statuses


def fuzz(label: str, *, caller, client, people=None, max_examples: int = MAX_EXAMPLES) -> None:
    """Send the operation generated requests as `caller`; fail on a 5xx, a body the schema
    does not allow, or no 2xx at all (only refusals would leave the code behind untested)."""
    session = signed_in(client, caller)
    operation = SCHEMA.find_operation_by_label(label)
    application = InProcessApp()
    statuses = []

    @hypothesis_settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("API_FUZZ_EXPLORE"),
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(operation, client, people))
    def call(case):
        application.errors.clear()
        response = case.call(app=application, **session)
        statuses.append(response.status_code)
        assert response.status_code < 500, "\n".join(application.errors) or response.text[:2000]
        case.validate_response(response, checks=CHECKS)

    call()
    statuses += documented_calls(label, operation, client, people)
    answers = {status: statuses.count(status) for status in sorted(set(statuses))}
    assert any(200 <= status < 300 for status in statuses), (
        f"{label} never succeeded as {caller.username}: {answers}. Choose a caller in CALLERS "
        "who may use it, give the records it needs, or document a request body example."
    )


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_holds_under_fuzzing(request, client, records, people, label):
    caller = request.getfixturevalue(CALLERS.get(label, DEFAULT_CALLER))
    fuzz(label, caller=caller, client=client, people=people)


def test_an_operation_that_only_refuses_the_caller_fails_the_fuzz(client, records, colleague):
    # A Prevent officer may not search the audit trail: every answer is a 403.
    with pytest.raises(AssertionError, match=r"never succeeded as prevent.officer: \{403: \d+\}\."):
        fuzz("GET /api/v1/audit/events/", caller=colleague, client=client, max_examples=5)
