"""Test helpers for pages that create something once (core.idempotency)."""

import re

from apps.core.idempotency import TOKEN_FIELD

_TOKEN = re.compile(rf'<input[^>]*name="{TOKEN_FIELD}"[^>]*value="([^"]+)"')


def form_token(response) -> str:
    """The one-time token drawn in a page, as a browser would send it back."""
    match = _TOKEN.search(response.content.decode())
    assert match, "the page has no one-time form token"
    return match.group(1)


def post_with_token(client, url: str, data: dict, **extra):
    """Open the page, then send `data` with the page's one-time token, as a browser would."""
    return client.post(url, {**data, TOKEN_FIELD: form_token(client.get(url))}, **extra)
