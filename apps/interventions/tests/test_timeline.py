"""Assessments and support appear in the case's timeline and sub navigation (cases.registry)."""

import pytest

from apps.assessments.tests.factories import DraftAssessmentFactory
from apps.cases.registry import case_sections, timeline_kinds, timeline_sources
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.tests.factories import GivenConsentFactory, PlannedInterventionFactory

pytestmark = pytest.mark.django_db


def test_the_case_has_assessments_and_support_tabs():
    labels = {section.label: section.url_name for section in case_sections()}
    assert labels["Assessments"] == "assessments:case_assessments"
    assert labels["Support"] == "interventions:case_support"
    assert {"assessment", "support"} <= set(timeline_kinds())


def test_timeline_entries_are_newest_first_and_name_references(team):
    case = OpenCaseFactory(team=team)
    assessment = DraftAssessmentFactory(case=case)
    GivenConsentFactory(case=case)
    intervention = PlannedInterventionFactory(case=case)
    entries = [
        entry
        for source, kinds in timeline_sources()
        for entry in source(case, set(kinds))
        if entry.kind in ("assessment", "support")
    ]
    what = " ".join(entry.what for entry in entries)
    assert assessment.reference in what
    assert intervention.reference in what
    assert "Consent given by the person" in what
    support = [entry for entry in entries if entry.kind == "support"]
    assert [entry.when for entry in support] == sorted(
        (entry.when for entry in support), reverse=True
    )
