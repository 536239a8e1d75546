"""Case pages under ten years of data: server-side p50/p95 beside a bare page, same run.

    bash scripts/with-postgres.sh uv run python -m benchmarks.pages [--quick]
    (or: --cases N --events M --requests R)

To build the data set once and time it again after a change (new indexes are migrated in),
point DATABASE_URL at a PostgreSQL server that outlives the run and pass --reuse:

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/prevent \
        uv run python -m benchmarks.pages --reuse

Builds a fresh PostgreSQL database (migrations, the demo's teams and users), then writes
about 50,000 cases over ten years, each with its person, referral and signed-off decision,
and about 500,000 timeline entries, plus allocations, reviews and SIO directions, with
bulk_create (no per-record services: this measures reading, not writing). It then times,
in process through Django's full middleware stack (sessions, audit writes, templates),
interleaved in rounds:

- the bare page (benchmarks/pages_urls.py): signed in, the same middleware, one audit event
  written as a consultation is, the service's layout, and no data;
- a case page (a random live case of the team: identity bar, flags, timeline, directions);
- My work (the home page, as the busiest Prevent officer);
- the supervisor's team view;
- the case list (first page, as the supervisor).

Target (issue 12): each page's p95 <= 3x the bare page's p95, whatever the data size. 300
requests a page by default: a p95 of fewer moves too much between runs (ADR 0041).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import os
import pstats
import random
import statistics
import sys
import time

import psycopg

FULL = {"cases": 50_000, "events": 500_000, "requests": 300}
QUICK = {"cases": 2_000, "events": 20_000, "requests": 20}
BATCH = 5_000
BARE = "bare page (signed in, audited, no data)"


DATABASE_NAME = "prevent_pages_benchmark"


def _database(url: str, *, reuse: bool) -> tuple[str, bool]:
    """The benchmark database's URL, and whether it already holds a data set to reuse."""
    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if exists and reuse:
            with psycopg.connect(f"{base}/{DATABASE_NAME}") as existing:
                built = (
                    existing.execute(
                        "SELECT 1 FROM pg_tables WHERE tablename = 'cases_case'"
                    ).fetchone()
                    and existing.execute("SELECT count(*) FROM cases_case").fetchone()[0]
                )
            if built:
                return f"{base}/{DATABASE_NAME}", True
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME}")
        connection.execute(f"CREATE DATABASE {DATABASE_NAME}")
    return f"{base}/{DATABASE_NAME}", False


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _generate(*, cases: int, events: int, rng: random.Random) -> dict:
    """Bulk-write the cases and everything they hold; return what the timing needs."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.cases.models import Case, CaseEvent, Direction, Review
    from apps.gateway.models import GatewayDecision
    from apps.people.models import Person
    from apps.reference.models import ConcernType, ReferralSector
    from apps.referrals.models import Referral
    from apps.work.models import Allocation

    users = {user.username: user for user in User.objects.select_related("team")}
    officer, colleague = users["prevent.officer"], users["case.officer"]
    supervisor, sio = users["supervisor"], users["sio"]
    team = officer.team
    sector, concern_type = ReferralSector.objects.first(), ConcernType.objects.first()
    now = timezone.now()
    ten_years = datetime.timedelta(days=3652)
    case_type = ContentType.objects.get_for_model(Case)
    live_ids, officer_live = [], []
    made = 0
    while made < cases:
        size = min(BATCH, cases - made)
        opened = [now - ten_years * (1 - (made + n) / cases) for n in range(size)]
        people = [
            Person(
                reference=f"PB-{made + n:07d}",
                given_name=rng.choice(["Alex", "Sam", "Jordan", "Riley", "Casey"]),
                family_name=f"Benchmark{made + n}",
                team=team,
            )
            for n in range(size)
        ]
        Person.objects.bulk_create(people)
        referrals = [
            Referral(
                reference=f"RB-{made + n:07d}",
                status="decided",
                date_received=opened[n].date(),
                due_date=opened[n].date(),
                channel="email",
                subject_given_name=person.given_name,
                subject_family_name=person.family_name,
                referrer_name="Synthetic referrer",
                sector=sector,
                concern="Synthetic concern for the benchmark.",
                concern_type=concern_type,
                person_aware="no",
                parents_aware="no",
                person=person,
                team=team,
            )
            for n, person in enumerate(people)
        ]
        Referral.objects.bulk_create(referrals)
        decisions = [
            GatewayDecision(
                referral=referral,
                outcome="channel",
                rationale="Synthetic",
                threshold_met=True,
                status="signed_off",
                proposed_by=officer,
            )
            for referral in referrals
        ]
        GatewayDecision.objects.bulk_create(decisions)
        batch = []
        for n, (person, referral, decision) in enumerate(
            zip(people, referrals, decisions, strict=True)
        ):
            # The last ~4% of ten years are live; the rest exited or closed.
            live = made + n >= cases * 0.96
            status = "support" if live else rng.choice(["exited", "closed"])
            batch.append(
                Case(
                    reference=f"CB-{made + n:07d}",
                    case_type=rng.choice(["channel", "plp"]),
                    status=status,
                    person=person,
                    referral=referral,
                    gateway_decision=decision,
                    team=team,
                    sio=sio,
                    ended_at=None if live else opened[n] + datetime.timedelta(days=200),
                )
            )
        Case.objects.bulk_create(batch)
        # opened_at is auto_now_add: spread it over ten years afterwards, in one statement each.
        for case, when in zip(batch, opened, strict=True):
            case.opened_at = when
        Case.objects.bulk_update(batch, ["opened_at"], batch_size=BATCH)
        for case in batch:
            if case.status == "support":
                live_ids.append(case.pk)
        made += size
    holders = [officer, colleague]
    allocations, reviews, directions = [], [], []
    for index, case_id in enumerate(live_ids):
        holder = holders[index % 2]
        if holder == officer:
            officer_live.append(case_id)
        allocations.append(
            Allocation(
                content_type=case_type,
                object_id=case_id,
                reference=f"case {index}",
                team_id=team.pk,
                officer=holder,
                allocated_by=supervisor,
                allocated_at=now,
            )
        )
        reviews.append(
            Review(
                case_id=case_id,
                kind="case_review",
                due_on=now.date() + datetime.timedelta(days=rng.randint(-30, 90)),
            )
        )
        directions.append(
            Direction(
                case_id=case_id,
                tactic="Engagement visit",
                rationale="Synthetic",
                due_on=now.date() + datetime.timedelta(days=rng.randint(-10, 30)),
                tasked_officer=holder,
                created_by=sio,
            )
        )
    Allocation.objects.bulk_create(allocations, batch_size=BATCH)
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    Direction.objects.bulk_create(directions, batch_size=BATCH)
    case_ids = list(Case.objects.values_list("pk", flat=True))
    written = 0
    kinds = ["case", "status", "contact", "direction", "review", "flag"]
    while written < events:
        size = min(BATCH * 4, events - written)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case_id=case_ids[(written + n) % len(case_ids)],
                    at=now - ten_years * rng.random(),
                    actor=officer,
                    kind=kinds[n % len(kinds)],
                    what="Synthetic timeline entry",
                )
                for n in range(size)
            ]
        )
        written += size
    # The busiest case: a live case of the officer's with 1% of every entry on it.
    busiest = officer_live[-1]
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=busiest,
                at=now - ten_years * rng.random(),
                actor=officer,
                kind="contact",
                what="Synthetic entry on the busiest case",
            )
            for _ in range(max(100, events // 100))
        ]
    )
    return {
        "officer": officer,
        "supervisor": supervisor,
        "live": officer_live,
        "busiest": busiest,
    }


def _existing() -> dict:
    """What the timing needs, read back from a data set an earlier run built."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.cases.models import Case, CaseEvent
    from apps.work.models import Allocation

    officer = User.objects.get(username="prevent.officer")
    live = sorted(
        Allocation.objects.filter(
            content_type=ContentType.objects.get_for_model(Case),
            officer=officer,
            object_id__in=Case.objects.filter(reference__startswith="CB-", status="support").values(
                "pk"
            ),
        ).values_list("object_id", flat=True)
    )
    busiest = (
        CaseEvent.objects.filter(case_id__in=live)
        .values("case_id")
        .annotate(entries=Count("pk"))
        .order_by("-entries")
        .first()["case_id"]
    )
    return {
        "officer": officer,
        "supervisor": User.objects.get(username="supervisor"),
        "live": live,
        "busiest": busiest,
    }


def _profile(pages: dict, *, requests: int) -> None:
    """Each page's queries (one request) and its profile (`requests` requests)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, target in pages.items():
        client, url = target()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = captured.captured_queries
        total = sum(float(query["time"]) for query in queries) * 1000
        print(f"\n=== {name}: {url}\n{len(queries)} queries, {total:.1f} ms in SQL")
        for query in sorted(queries, key=lambda query: -float(query["time"]))[:8]:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client, url = target()
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(r"/apps/", 40)  # the service's own code
        stats.sort_stats("tottime").print_stats(20)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 cases, 20,000 entries")
    parser.add_argument("--cases", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--requests", type=int, help="requests per page")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=(
            "instead of timing, print for each page its SQL queries (count, slowest) and where "
            "its requests spend their time (cProfile, --requests of them)"
        ),
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=(
            "keep the data set of an earlier run in the same PostgreSQL server (the database "
            f"{DATABASE_NAME}; migrations, such as new indexes, are applied to it) instead of "
            "building it again; point DATABASE_URL at a server that outlives the run"
        ),
    )
    arguments = parser.parse_args(argv)
    size = dict(QUICK if arguments.quick else FULL)
    for name in size:
        if getattr(arguments, name):
            size[name] = getattr(arguments, name)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres.sh (needs a PostgreSQL DATABASE_URL).")
    os.environ["DATABASE_URL"], reused = _database(
        os.environ["DATABASE_URL"], reuse=arguments.reuse
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevent.settings.local")
    os.environ.setdefault("DEMO_PASSWORD", "benchmark password")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    # The service's URLs plus the bare page (signed in, one audit write, the layout, no data).
    settings.ROOT_URLCONF = "benchmarks.pages_urls"
    # Pages name static files; the benchmark measures the server, not collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rng = random.Random(12)  # noqa: S311 (synthetic data)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if reused:
        data = _existing()
    else:
        call_command("seed_demo", people=0, verbosity=0)
        data = _generate(cases=size["cases"], events=size["events"], rng=rng)
    with connection.cursor() as cursor:
        # As autovacuum keeps a live database: statistics, and the visibility map that lets
        # PostgreSQL answer from an index alone.
        cursor.execute("VACUUM ANALYZE")
    built = time.perf_counter() - started
    from apps.cases.models import Case, CaseEvent

    print(
        f"Data: {Case.objects.count():,} cases, {CaseEvent.objects.count():,} timeline entries "
        f"({'reused, migrated' if reused else 'built'} in {built:.0f} s)"
    )
    officer_client, supervisor_client = Client(), Client()
    officer_client.force_login(data["officer"])
    supervisor_client.force_login(data["supervisor"])
    pages = {
        BARE: lambda: (officer_client, reverse("benchmark_bare")),
        "case page (random live case)": lambda: (
            officer_client,
            reverse("cases:case_detail", args=[rng.choice(data["live"])]),
        ),
        "case page (busiest timeline)": lambda: (
            officer_client,
            reverse("cases:case_detail", args=[data["busiest"]]),
        ),
        "My work (home)": lambda: (officer_client, reverse("core:home")),
        "team view": lambda: (supervisor_client, reverse("work:team")),
        "case list": lambda: (supervisor_client, reverse("cases:case_list")),
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for name, target in pages.items():  # warm up once each
        client, url = target()
        assert client.get(url).status_code == 200, (name, url)
    gc.freeze()  # as prevent.wsgi does once the application is loaded (ADR 0038)
    if arguments.profile:
        _profile(pages, requests=size["requests"])
        return
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for name, target in pages.items():  # each page's SQL queries, one request
        client, url = target()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured.captured_queries)
    for _ in range(size["requests"]):
        for name, target in pages.items():
            client, url = target()
            begin = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (name, url, response.status_code)
    bare = _percentile(timings[BARE], 0.95)
    print(f"{size['requests']} requests a page, interleaved; server-side, in process:")
    print(f"{'page':38} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9} {'queries':>8}")
    worst = 0.0
    for name, values in timings.items():
        p50, p95 = statistics.median(values), _percentile(values, 0.95)
        ratio = p95 / bare if bare else float("nan")
        if not name.startswith("bare"):
            worst = max(worst, ratio)
        print(f"{name:38} {p50:8.1f} {p95:8.1f} {ratio:8.2f}x {queries[name]:8d}")
    print(f"Worst p95 ratio {worst:.2f}x (target <= 3x): {'met' if worst <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main(sys.argv[1:])
