"""Chromium (Debian's, never a downloaded one) against live_server, with axe-core on every page.

Every page a browser test loads must pass axe with no serious or critical violation.
The `page` fixture enforces it: it counts the documents the page loads and fails the
test if one was never checked. Use `visit` to open a URL and `click_through` to press
a button or follow a link that loads a new page; both run the check. A page that
loaded with a broken stylesheet, font or script, or raised a JavaScript error, fails
the test too.

Test modules mark themselves `browser` and
`django_db(transaction=True, serialized_rollback=True)`: the live server needs committed
data, and serialized_rollback puts back what the migrations seeded (roles and their
capabilities, the audit chain's genesis link) after each test's flush.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from apps.accounts.tests.factories import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
SCRIPT_ELEMENT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Relative URLs in page.goto resolve against the live server."""
    return {**browser_context_args, "base_url": live_server.url}


class PageWatch:
    """What happened on one page: documents loaded, which were checked, what broke."""

    def __init__(self, page):
        self.loaded: list[str] = []
        self.checked = 0
        self.broken: list[str] = []
        self.checker = None  # for a page without JavaScript: where axe runs instead
        page.on("load", lambda loaded_page: self.loaded.append(loaded_page.url))
        page.on("response", self._on_response)
        page.on("requestfailed", lambda request: self.broken.append(f"failed: {request.url}"))
        page.on("pageerror", lambda error: self.broken.append(f"JavaScript error: {error}"))
        page.on("console", self._on_console)

    def _on_response(self, response) -> None:
        # Documents may fail on purpose (a 404 for an outsider, a 429 lockout page);
        # the stylesheets, fonts and scripts they use may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status}: {response.url}")

    def _on_console(self, message) -> None:
        # The browser refused something the Content-Security-Policy does not allow.
        if "Content Security Policy" in message.text:
            self.broken.append(f"CSP violation: {message.text}")

    def problems(self) -> list[str]:
        unchecked = [f"not checked with axe: {url}" for url in self.loaded[self.checked :]]
        return unchecked + self.broken


_watches: dict[int, PageWatch] = {}


def _watch(page) -> PageWatch:
    if id(page) not in _watches:
        _watches[id(page)] = PageWatch(page)
    return _watches[id(page)]


def _fail_on_problems(pages) -> None:
    problems = []
    for page in pages:
        watch = _watches.pop(id(page), None)
        if watch:
            problems += watch.problems()
    if problems:
        pytest.fail("Browser problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(context):
    """A JavaScript-enabled page whose every load must pass axe."""
    page = context.new_page()
    _watch(page)
    yield page
    _fail_on_problems([page])


@pytest.fixture
def page_without_javascript(new_context, context):
    """A page in a context with JavaScript switched off, checked the same way.

    axe cannot run where scripts are off (its timers never fire), so each page is
    checked in a page of `context` (JavaScript on) given the same HTML without its
    scripts: what a user without JavaScript gets.
    """
    no_js_page = new_context(java_script_enabled=False).new_page()
    _watch(no_js_page).checker = context.new_page()
    yield no_js_page
    _fail_on_problems([no_js_page])


def _axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not added as an inline <script>:
        # the page's Content-Security-Policy refuses inline script, as it should.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


def _html_checker(page, checker):
    """Load what `page` shows, minus its scripts, into `checker` at the same URL."""
    html = SCRIPT_ELEMENT.sub("", page.content())
    url = page.url

    def serve_html(route):
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    def same_url(candidate: str) -> bool:
        return candidate == url

    checker.route(same_url, serve_html)
    checker.goto(url, wait_until="load")
    checker.unroute(same_url, serve_html)
    return checker


def assert_accessible(page, known_third_party: tuple[str, ...] = ()) -> None:
    """Fail on any axe violation with impact serious or critical on the page as it is now.

    `known_third_party` names axe rules a third-party widget is known to break (for
    the API documentation, Swagger UI's markup) and that this service cannot fix;
    each use says why.
    """
    page.wait_for_load_state("load")
    watch = _watch(page)
    target = _html_checker(page, watch.checker) if watch.checker else page
    violations = [
        v
        for v in _axe_violations(target)
        if v["impact"] in BLOCKING_IMPACTS and v["id"] not in known_third_party
    ]
    watch.checked = len(watch.loaded)
    if violations:
        lines = [f"axe: {len(violations)} serious or critical violation(s) on {page.url}"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {json.dumps(node['target'])}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    return assert_accessible


def visit(page, url: str):
    """Open `url` (relative to the live server), check it with axe, return the response."""
    response = page.goto(url, wait_until="load")
    assert_accessible(page)
    return response


@pytest.fixture(name="visit")
def visit_fixture():
    return visit


def click_through(page, name: str) -> None:
    """Press the button (or follow the link) called `name`, then check the page it loads."""
    control = page.get_by_role("button", name=name, exact=True)
    if control.count() == 0:
        control = page.get_by_role("link", name=name, exact=True)
    with page.expect_navigation(wait_until="load"):
        control.click()
    assert_accessible(page)


@pytest.fixture(name="click_through")
def click_through_fixture():
    return click_through


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real sign-in form; leaves the page on wherever that leads.

    Starts from the sign-in form the browser already shows (after signing out, or
    a failed attempt), or opens it.
    """
    on_form = urlsplit(page.url).path == "/account/sign-in/"
    if not (on_form and page.get_by_label("Username").count()):
        visit(page, "/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_through(page, "Sign in")


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    return sign_in


def sign_out(page) -> None:
    click_through(page, "Sign out")


@pytest.fixture(name="sign_out")
def sign_out_fixture():
    return sign_out


def primary_navigation(page) -> list[str]:
    return page.locator('nav[aria-label="Primary navigation"] a').all_inner_texts()


@pytest.fixture(name="primary_navigation")
def primary_navigation_fixture():
    return primary_navigation
