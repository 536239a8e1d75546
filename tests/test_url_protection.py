"""Every URL pattern refuses anonymous users, so no page can be added unprotected."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Reachable without signing in, on purpose.
PUBLIC_URL_NAMES = {
    "core:accessibility",
    "core:privacy",
    "core:healthz",
    "accounts:login",
}
# Opened without signing in by a secret in the address (a calendar application cannot sign
# in); without the secret they answer 404 (apps/documents/tests/test_calendar.py).
SECRET_URL_NAMES = {"documents:calendar_feed"}
SAMPLE_VALUES = {
    "uuid": "00000000-0000-4000-8000-000000000000",
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            child_namespace = pattern.namespace or namespace
            if pattern.namespace and namespace:
                child_namespace = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), child_namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def _concrete(route: str) -> str:
    """Turn a route or regex into a URL with sample values for its parameters."""

    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "x"), route)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "1", url)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    url = re.sub(r"\.\w\??", "", url) if "(?" in url else url
    return "/" + url.lstrip("/")


def all_urls():
    seen = set()
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
        url = _concrete(route)
        if "(" in url or url in seen:
            continue
        seen.add(url)
        yield pytest.param(url, name, id=url)


@pytest.mark.django_db
@pytest.mark.smoke
@pytest.mark.parametrize(("url", "name"), list(all_urls()))
def test_anonymous_users_are_refused_everywhere(client, url, name):
    if name in PUBLIC_URL_NAMES:
        pytest.skip("public by design")
    if name in SECRET_URL_NAMES:
        assert client.get(url).status_code == 404
        return
    for method in (client.get, client.post):
        response = method(url, follow=True)
        final_path = response.request["PATH_INFO"]
        refused = response.status_code in (401, 403, 404, 405)
        sent_to_sign_in = final_path == reverse("accounts:login")
        assert refused or sent_to_sign_in, (
            f"{method.__name__.upper()} {url} answered {response.status_code} at {final_path}"
        )
        if url.startswith("/api/"):
            assert response.status_code in (401, 403, 405)


@pytest.mark.django_db
def test_public_pages_answer_without_sign_in(client):
    for name in PUBLIC_URL_NAMES:
        assert client.get(reverse(name)).status_code == 200
