"""The impact and insight reports as JSON: the same suppressed figures as the XLSX (core
disclosure), read-only, each answer an audited export; analysts, Cyber Prevent officers and
supervisors only."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cyber_impact.tests.factories import (
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
)

pytestmark = pytest.mark.django_db
IMPACT = "/api/v1/cyber/reports/impact/"
INSIGHT = "/api/v1/cyber/reports/insight/"


@pytest.fixture
def reported(cyber_team):
    for engagement, count in (("full", 6), ("partial", 2)):
        for _ in range(count):
            OutcomeMeasureFactory(intervention__case__team=cyber_team, engagement=engagement)
    for _ in range(3):
        ConsentedInterviewFactory(
            case__team=cyber_team, answers=[("pathway", ["gaming"]), ("age-started", ["13-15"])]
        )


def test_the_impact_report_json_is_the_workbook_cell_for_cell(signed_in, analyst, reported):
    client = signed_in(analyst)
    body = client.get(IMPACT).json()
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("cyber_impact:impact_report"), {"export": "xlsx"}).content)
    )
    sheet_rows = [
        [cell for cell in row if cell is not None]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    engagement = body["tables"][0]
    assert engagement["outcome"] == "Engagement"
    header = sheet_rows.index(["Intervention type", *engagement["columns"], "Total"])
    for offset, row in enumerate(engagement["rows"], start=1):
        assert sheet_rows[header + offset] == [row["label"], *row["cells"], row["total"]]
    assert sheet_rows[header + len(engagement["rows"]) + 1] == [
        "Total",
        *engagement["column_totals"],
        engagement["total"],
    ]
    cells = [cell for row in engagement["rows"] for cell in row["cells"]]
    assert "[c]" in cells
    assert not any(isinstance(cell, int) and 0 < cell < 5 for cell in cells)
    assert body["measured"] == 8
    assert "[c] means" in body["note"]


def test_the_insight_report_json_withholds_small_counts(signed_in, cyber_officer, reported):
    body = signed_in(cyber_officer).get(INSIGHT).json()
    assert body["interviews"] == "[c]"  # three interviews: fewer than five
    pathway = next(section for section in body["sections"] if section["requirement"] == "pathway")
    counts = [row["count"] for row in pathway["rows"]]
    assert "[c]" in counts
    assert not any(isinstance(count, int) and 0 < count < 5 for count in counts)


def test_each_answer_is_an_audited_export_naming_no_record(signed_in, supervisor, reported):
    client = signed_in(supervisor)
    client.get(IMPACT, {"point": "end", "breakdown": "age_band"})
    client.get(INSIGHT)
    events = list(AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("sequence"))
    assert [event.detail["scope"] for event in events] == [
        "cyber impact report",
        "cyber insight report",
    ]
    assert {event.detail["format"] for event in events} == {"json"}
    assert events[0].detail["terms"]["breakdown"] == "age_band"
    assert all(event.detail["references"] == [] for event in events)


def test_bad_terms_are_a_400_naming_the_field(signed_in, analyst):
    client = signed_in(analyst)
    today = timezone.localdate()
    wrong_way = client.get(
        IMPACT,
        {"start": today.isoformat(), "end": (today - datetime.timedelta(days=3)).isoformat()},
    )
    assert wrong_way.status_code == 400
    assert "end" in wrong_way.json()
    assert client.get(IMPACT, {"breakdown": "postcode"}).json().keys() >= {"breakdown"}
    assert client.get(INSIGHT, {"start": "not-a-date"}).status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_reports_are_read_only(signed_in, analyst):
    client = signed_in(analyst)
    assert client.post(IMPACT, {}, content_type="application/json").status_code == 405
    assert client.delete(INSIGHT).status_code == 405


def test_a_ct_prevent_officer_is_refused_and_anonymous_callers_too(client, signed_in, colleague):
    assert client.get(IMPACT).status_code in (401, 403)
    officer = signed_in(colleague)
    assert officer.get(IMPACT).status_code == 403
    assert officer.get(INSIGHT).status_code == 403
