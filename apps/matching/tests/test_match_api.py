"""The person match API refuses impossible dates of birth with a 400 naming the field."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["1974-02-29", "1990-04-31", "2001-13-01", "31/04/1990"])
def test_an_impossible_date_of_birth_is_a_400_naming_the_field(client, gateway_officer, value):
    client.force_login(gateway_officer)

    response = client.post(
        "/api/v1/people/match",
        {"given_name": "Amira", "surname": "Castell", "date_of_birth": value},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["date_of_birth"]
