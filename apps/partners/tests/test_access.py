"""Who sees what: officers manage the directory; analysts see counts and coverage but never a
contact's name, phone or e-mail (pages, API, exports); panel members see none of it."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from apps.partners.tests.conftest import (
    CONTACT_EMAIL,
    CONTACT_FAMILY,
    CONTACT_GIVEN,
    CONTACT_PHONE,
)
from apps.partners.tests.factories import approved_provider

pytestmark = pytest.mark.django_db

CONTACT_DETAILS = (CONTACT_FAMILY, CONTACT_PHONE, CONTACT_EMAIL)


def shows_no_contact(content: bytes | str) -> bool:
    text = content.decode() if isinstance(content, bytes) else content
    return not any(detail.lower() in text.lower() for detail in CONTACT_DETAILS)


def pages(directory) -> list[str]:
    provider = approved_provider(areas=["Reading"])
    return [
        reverse("partners:organisation_list"),
        reverse("partners:organisation_detail", args=[directory["school"].pk]),
        reverse("partners:provider_list"),
        reverse("partners:provider_detail", args=[provider.pk]),
        reverse("partners:network_list"),
        reverse("partners:network_detail", args=[directory["network"].pk]),
        reverse("partners:briefing_list"),
        reverse("partners:briefing_detail", args=[directory["briefing"].pk]),
        reverse("partners:engagement_list"),
        reverse("partners:engagement_detail", args=[directory["engagement"].pk]),
        reverse("partners:coverage"),
    ]


def api_paths(directory) -> list[str]:
    return [
        "/api/v1/partners/organisations/",
        f"/api/v1/partners/organisations/{directory['school'].pk}/",
        "/api/v1/partners/providers/",
        "/api/v1/partners/networks/",
        f"/api/v1/partners/networks/{directory['network'].pk}/",
        "/api/v1/partners/briefings/",
        f"/api/v1/partners/briefings/{directory['briefing'].pk}/",
        "/api/v1/partners/engagements/",
        f"/api/v1/partners/engagements/{directory['engagement'].pk}/",
        "/api/v1/partners/coverage/",
    ]


def test_an_officer_sees_the_contact_on_every_page_that_names_them(signed_in, officer, directory):
    client = signed_in(officer)
    for url in (
        reverse("partners:contact_detail", args=[directory["contact"].pk]),
        reverse("partners:organisation_detail", args=[directory["school"].pk]),
        reverse("partners:briefing_detail", args=[directory["briefing"].pk]),
        reverse("partners:engagement_detail", args=[directory["engagement"].pk]),
        reverse("partners:network_detail", args=[directory["network"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CONTACT_FAMILY in response.content.decode(), url


def test_an_analyst_sees_the_directory_pages_but_no_contact_details(signed_in, analyst, directory):
    client = signed_in(analyst)
    for url in pages(directory):
        response = client.get(url)
        assert response.status_code == 200, url
        assert shows_no_contact(response.content), url


def test_an_analyst_may_not_open_contacts(signed_in, analyst, directory):
    client = signed_in(analyst)

    assert client.get(reverse("partners:contact_list")).status_code == 403
    detail = reverse("partners:contact_detail", args=[directory["contact"].pk])
    assert client.get(detail).status_code == 403
    assert client.get(reverse("partners:contact_list"), {"export": "csv"}).status_code == 403


def test_an_analyst_gets_no_contact_details_from_the_api(signed_in, analyst, directory):
    client = signed_in(analyst)
    for path in api_paths(directory):
        response = client.get(path)
        assert response.status_code == 200, path
        assert shows_no_contact(response.content), path
    assert client.get("/api/v1/partners/contacts/").status_code == 403
    contact = f"/api/v1/partners/contacts/{directory['contact'].pk}/"
    assert client.get(contact).status_code == 403


@pytest.mark.parametrize(
    "list_name",
    ["organisation_list", "briefing_list", "engagement_list", "network_list", "coverage"],
)
def test_an_analysts_exports_carry_no_contact_details(signed_in, analyst, directory, list_name):
    client = signed_in(analyst)
    for export_format in ("csv", "xlsx"):
        response = client.get(reverse(f"partners:{list_name}"), {"export": export_format})
        assert response.status_code == 200
        if export_format == "csv":
            text = response.content.decode()
        else:
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            text = " ".join(
                str(cell) for row in book.active.iter_rows(values_only=True) for cell in row
            )
        assert shows_no_contact(text)


def test_a_panel_member_is_refused_every_partners_page(signed_in, panel_member, directory):
    client = signed_in(panel_member)
    urls = [
        *pages(directory),
        reverse("partners:contact_list"),
        reverse("partners:contact_detail", args=[directory["contact"].pk]),
        reverse("partners:organisation_create"),
        reverse("partners:provider_picker"),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_a_panel_member_is_refused_the_api(signed_in, panel_member, directory):
    client = signed_in(panel_member)
    for path in [*api_paths(directory), "/api/v1/partners/contacts/"]:
        assert client.get(path).status_code == 403, path


def test_partners_is_in_the_navigation_for_officers_and_analysts_only(
    signed_in, officer, analyst, panel_member
):
    assert 'href="/partners/"' in signed_in(officer).get("/").content.decode()
    assert 'href="/partners/"' in signed_in(analyst).get("/").content.decode()
    assert 'href="/partners/"' not in signed_in(panel_member).get("/").content.decode()


def test_an_analyst_cannot_change_the_directory(signed_in, analyst, directory):
    client = signed_in(analyst)
    edit = reverse("partners:organisation_edit", args=[directory["school"].pk])

    assert client.get(edit).status_code == 403
    assert client.get(reverse("partners:organisation_create")).status_code == 403


def test_the_contact_list_exports_as_valid_csv_and_xlsx(signed_in, officer, directory):
    client = signed_in(officer)

    csv_response = client.get(reverse("partners:contact_list"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert rows[0]["Name"] == f"{CONTACT_GIVEN} {CONTACT_FAMILY}"
    assert rows[0]["Email"] == CONTACT_EMAIL

    xlsx_response = client.get(reverse("partners:contact_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert dict(zip(header, first, strict=True))["Phone"] == CONTACT_PHONE
