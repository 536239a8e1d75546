"""Real-time de-confliction benchmark: one referral against a large person index.

    bash scripts/with-postgres.sh uv run python -m benchmarks.realtime [--people N] [--queries Q]

(`make bench` runs it that way.) Loads N synthetic people into a fresh PostgreSQL
database with `generate_synthetic` (blocking keys included), then times the production
path, `apps.matching.deconfliction.person_candidates`: indexed blocking-key lookup,
access filtering and in-process scoring with the stored Splink model. The baseline,
timed on the same queries and candidates in the same run, is the straightforward way:
scoring each candidate pair with Splink's own `score_pairs`. Target (issue 4): p95 of
the production path <= 50 ms for a 1,000,000-person index.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

import psycopg


def _create_database(url: str) -> str:
    """Make a fresh database beside the one in DATABASE_URL; return its URL."""
    base, _, _ = url.rpartition("/")
    name = "prevent_benchmark"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _perturb(rng: random.Random, record: dict) -> dict:
    """A new referral about a known person: a typo, a nickname-length name or a moved house."""
    changed = dict(record)
    roll = rng.random()
    name = changed["given_name"]
    if roll < 0.3 and len(name) > 3:
        position = rng.randrange(1, len(name) - 1)
        changed["given_name"] = name[:position] + name[position + 1 :]
    elif roll < 0.5:
        changed["postcode"], changed["address_line_1"] = "", ""
    elif roll < 0.6 and changed["date_of_birth"]:
        year, month, day = changed["date_of_birth"].split("-")
        if int(day) <= 12:
            changed["date_of_birth"] = f"{year}-{day}-{month}"
    changed["record_id"] = "query"
    return changed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--baseline-queries", type=int, default=20)
    arguments = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres.sh (needs a PostgreSQL DATABASE_URL).")
    os.environ["DATABASE_URL"] = _create_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevent.settings.local")
    os.environ.setdefault("DEMO_PASSWORD", "benchmark only password")

    import django

    django.setup()
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.matching import deconfliction, linkage
    from apps.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("seed_demo", people=0, verbosity=0)
    started = time.perf_counter()
    call_command("generate_synthetic", people=arguments.people, verbosity=0)
    load_seconds = time.perf_counter() - started
    from django.db import connection as django_connection

    with django_connection.cursor() as cursor:
        # What autovacuum does on a live system: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE people_personmatchkey")
        cursor.execute("ANALYZE")
    user = User.objects.get(username="gateway.officer")
    rng = random.Random(11)  # noqa: S311 (benchmark sampling)
    known = list(
        Person.objects.order_by("?").values_list("match_record", flat=True)[: arguments.queries]
    )
    queries = [_perturb(rng, record) for record in known]

    deconfliction.person_candidates(user=user, record=queries[0])  # warm the model cache
    timings, sizes = [], []
    for record in queries:
        started = time.perf_counter()
        candidates = deconfliction.person_candidates(user=user, record=record, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
        sizes.append(len(candidates))
    fetched = [
        Person.objects.filter(match_keys__key__in=linkage.blocking_keys(record)).distinct().count()
        for record in queries[: arguments.baseline_queries]
    ]

    import pandas as pd

    model = linkage.load_model()
    linker = linkage._duckdb_linker(linkage.prepare_people(pd.DataFrame(known[:50])), dict(model))
    baseline, ours = [], []
    for record in queries[: arguments.baseline_queries]:
        candidates = list(
            Person.objects.filter(match_keys__key__in=linkage.blocking_keys(record))
            .distinct()
            .values_list("match_record", flat=True)[: deconfliction.MAX_CANDIDATES_FETCHED]
        )
        started = time.perf_counter()
        linker.inference.score_pairs(
            [linkage.prepare_record(record)], [linkage.prepare_record(c) for c in candidates]
        ).as_pandas_dataframe()
        baseline.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        deconfliction.person_candidates(user=user, record=record)
        ours.append((time.perf_counter() - started) * 1000)

    p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
    print(f"Real-time match against {arguments.people:,} people ({arguments.queries} queries)")
    print(f"  index load (generate_synthetic, COPY): {load_seconds:.0f} s")
    print(f"  candidates fetched per query (median): {statistics.median(fetched):.0f}")
    print(f"  production path  p50 {p50:.1f} ms   p95 {p95:.1f} ms   (target p95 <= 50 ms)")
    print(
        f"  ratio to Splink score_pairs on the same candidates ({len(ours)} queries): "
        f"{statistics.median(ours) / statistics.median(baseline):.3f}"
        f"  (ours {statistics.median(ours):.1f} ms, Splink {statistics.median(baseline):.1f} ms)"
    )


if __name__ == "__main__":
    main()
