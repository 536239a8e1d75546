"""Frameworks are versioned data: the sample VAF ships, administrators load other versions."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.assessments.models import AssessmentFramework, FrameworkFactor
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_VERSION = {
    "name": "Vulnerability Assessment Framework",
    "version": "2026-local",
    "description": "A condensed local version (synthetic).",
    "dimensions": [
        {
            "code": "engagement",
            "name": "Engagement",
            "factors": [
                {"code": "grievance", "name": "Feelings of grievance and injustice", "prompt": "?"},
                {"code": "belonging", "name": "Need for belonging", "prompt": "?"},
            ],
        },
        {
            "code": "intent",
            "name": "Intent",
            "factors": [{"code": "harmful-means", "name": "Harmful means to an end"}],
        },
    ],
}


def test_the_sample_is_the_2012_vaf_with_22_factors_in_three_dimensions():
    framework = AssessmentFramework.objects.get(is_current=True)
    assert framework.version == "2012"
    assert [d.code for d in framework.dimensions.all()] == ["engagement", "intent", "capability"]
    counts = [d.factors.count() for d in framework.dimensions.all()]
    assert counts == [13, 6, 3]
    assert FrameworkFactor.objects.filter(
        dimension__framework=framework, name="Them and us thinking"
    ).exists()


def test_the_command_loads_a_new_version_and_makes_it_current(tmp_path):
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(NEW_VERSION))
    out = io.StringIO()
    call_command("load_assessment_framework", str(path), stdout=out)
    assert "2 dimensions, 3 factors" in out.getvalue()
    current = AssessmentFramework.objects.get(is_current=True)
    assert current.version == "2026-local"
    assert AssessmentFramework.objects.filter(version="2012", is_current=False).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(current.pk), actor_username="system"
    ).exists()


def test_the_command_refuses_a_version_already_loaded_and_a_broken_file(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("name: Vulnerability Assessment Framework\nversion: '2012'\ndimensions: []\n")
    with pytest.raises(CommandError, match="dimensions must list at least one dimension"):
        call_command("load_assessment_framework", str(path))
    duplicate = {**NEW_VERSION, "version": "2012"}
    path.write_text(json.dumps(duplicate))
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_assessment_framework", str(path))
    assert AssessmentFramework.objects.count() == 1


def test_an_administrator_loads_a_version_from_the_page(signed_in, administrator):
    client = signed_in(administrator)
    assert client.get(reverse("assessments:framework_list")).status_code == 200
    upload = io.BytesIO(json.dumps(NEW_VERSION).encode())
    upload.name = "framework.json"
    response = client.post(
        reverse("assessments:framework_upload"), {"file": upload, "make_current": "on"}
    )
    assert response.status_code == 302
    assert AssessmentFramework.objects.get(is_current=True).version == "2026-local"
    page = client.get(reverse("assessments:framework_list")).content.decode()
    assert "2026-local" in page
    assert "Need for belonging" in page


def test_a_bad_file_on_the_page_names_the_problem_and_loads_nothing(signed_in, administrator):
    upload = io.BytesIO(b"name: Broken\nversion: '1'\ndimensions:\n  - code: x\n")
    upload.name = "broken.yaml"
    response = signed_in(administrator).post(
        reverse("assessments:framework_upload"), {"file": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Dimension 1: name is missing" in body
    assert AssessmentFramework.objects.count() == 1


def test_officers_may_not_load_frameworks(signed_in, colleague, supervisor):
    for user in (colleague, supervisor):
        client = signed_in(user)
        assert client.get(reverse("assessments:framework_list")).status_code == 403
        assert client.get(reverse("assessments:framework_upload")).status_code == 403


def test_making_an_older_version_current_again(signed_in, administrator, tmp_path):
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(NEW_VERSION))
    call_command("load_assessment_framework", str(path), stdout=io.StringIO())
    sample = AssessmentFramework.objects.get(version="2012")
    response = signed_in(administrator).post(
        reverse("assessments:framework_make_current", args=[sample.pk])
    )
    assert response.status_code == 302
    assert AssessmentFramework.objects.get(is_current=True) == sample
