"""Audit append benchmark: appends/s beside plain inserts, sealing, and verify_audit.

    bash scripts/with-postgres.sh uv run python -m benchmarks.audit [--quick]

(`make bench` runs it with the others.) On a fresh PostgreSQL database:

1. appends per second through `core.audit.record` (no lock; ADR 0017) with 1, 8 and 32
   writer threads, each beside plain ORM inserts of the same row (the same values, hash
   included) into a copy of the table without triggers, in the same run: the ratio;
2. 32 writers for --soak seconds with the sealer (`manage.py seal_audit --every 1`) in its
   own process: the oldest unsealed event's age, sampled every 2 s and at the end;
3. sealing throughput: a backlog of --seal-events events (generated with SQL,
   generate_series and a content hash computed in SQL that verify_audit accepts) sealed
   by the sealer in one go;
4. `verify_audit` over --verify-events events (10 million by default): the events beyond
   the sealer's backlog are generated the same way and sealed in bulk by this script (the
   same links, computed with audit.hashing and copied into the seal table, a checkpoint
   every million), since only the verification is measured there; then verified with
   each of --verify-workers processes: wall time, rate per million, the CPU time of the
   verifier and of the PostgreSQL server, and the machine's load average.

Targets (issue 14): appends >= 0.5x plain inserts at 8 and 32 writers; lag under 10 s
after 60 s at 32 writers; verification of 10 million events under 10 minutes.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg


def _create_database(url: str) -> str:
    base, _, _ = url.rpartition("/")
    name = "prevent_benchmark_audit"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def _values(index: int) -> dict:
    from apps.core import audit

    return audit._values(
        "view",
        user=None,
        content_type_id=None,
        object_id=str(index),
        object_reference=f"PRV-2026-{index:06d}",
        justification="",
        detail={"path": f"/people/{index}/", "scope": "benchmark"},
        username="benchmark.user",
    )


def _run_threads(threads: int, seconds: float, work) -> int:
    from django.db import connection

    stop = time.perf_counter() + seconds
    counts = [0] * threads

    def loop(slot: int) -> None:
        index = 0
        try:
            while time.perf_counter() < stop:
                work(slot * 10_000_000 + index)
                index += 1
            counts[slot] = index
        finally:
            connection.close()

    workers = [threading.Thread(target=loop, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts)


def _plain_model():
    from django.db import models

    from apps.audit.models import AuditEvent

    attrs = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"db_table": "bench_plain_event", "managed": False}),
    }
    for field in AuditEvent._meta.concrete_fields:
        clone = field.clone()
        if field.is_relation:
            clone.remote_field.related_name = "+"
        attrs[field.name] = clone
    attrs["Meta"].app_label = "audit"
    return type("BenchPlainEvent", (models.Model,), attrs)


def _oldest_unsealed_seconds(cursor) -> float:
    cursor.execute(
        "SELECT EXTRACT(EPOCH FROM clock_timestamp() - min(e.occurred_at)) "
        "FROM audit_auditevent e WHERE NOT EXISTS "
        "(SELECT 1 FROM audit_auditseal s WHERE s.event_id = e.sequence)"
    )
    value = cursor.fetchone()[0]
    return float(value) if value is not None else 0.0


# The canonical content (audit.hashing.content_hash) of a generated event, built in SQL.
_GENERATED = """
INSERT INTO audit_auditevent (occurred_at, actor_id, actor_username, action, category,
  content_type_id, object_id, object_reference, justification, changes, detail, ip_address,
  user_agent, request_id, channel, previous_hash, hash)
SELECT t, NULL, 'benchmark.user', 'view', 'consultation', NULL, i::text,
  'PRV-' || i, '', '{}'::jsonb, '{}'::jsonb, NULL, '', '', 'web', '',
  encode(sha256(convert_to('["'
    || to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00",null,'
    || '"benchmark.user","view","consultation",null,"' || i || '","PRV-' || i
    || '","",{},{},null,"","","web"]', 'UTF8')), 'hex')
FROM (SELECT i, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 millisecond' AS t
      FROM generate_series(%s, %s) AS i) AS generated
"""


def _bulk_seal() -> int:
    """Seal the events numbered above the last sealed one (all committed: nothing else
    writes meanwhile) as the sealer would, in one COPY; the sealer's state is moved on."""
    from django.db import connection
    from django.utils import timezone

    from apps.audit.hashing import link_hash
    from apps.audit.models import AuditSealState

    state = AuditSealState.objects.get(pk=1)
    position, chain = state.position, state.chain_hash
    sealed_at = timezone.now()
    raw = connection.connection
    with raw.cursor() as reader, raw.cursor() as writer:
        reader.execute(
            "SELECT sequence, hash FROM audit_auditevent WHERE sequence > "
            "(SELECT max(event_id) FROM audit_auditseal) ORDER BY sequence"
        )
        with writer.copy(
            "COPY audit_auditseal (position, event_id, event_hash, chain_hash, sealed_at) "
            "FROM STDIN"
        ) as copy:
            last = 0
            for sequence, event_hash in reader:
                last = sequence
                position += 1
                chain = link_hash(chain, position, sequence, event_hash)
                copy.write_row((position, sequence, event_hash, chain, sealed_at))
    AuditSealState.objects.filter(pk=1).update(
        position=position,
        chain_hash=chain,
        floor=last,
        pending_floor=last,
        pending_since=timezone.now(),
    )
    return position - state.position


def _server_cpu_seconds() -> float | None:
    """CPU seconds used so far by this PostgreSQL server: the postmaster, its live
    processes and those it has reaped (Linux /proc; the server runs on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        tick = os.sysconf("SC_CLK_TCK")

        def fields(pid) -> list[str]:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

        postmaster = int(fields(backend)[1])
        total = sum(int(v) for v in fields(postmaster)[11:15])  # utime stime cutime cstime
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = fields(entry.name)
                except OSError:
                    continue
                if int(stat[1]) == postmaster:
                    total += int(stat[11]) + int(stat[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def _own_cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _load() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="Each append phase.")
    parser.add_argument("--threads", default="1,8,32")
    parser.add_argument("--soak", type=float, default=60, help="Seconds at 32 writers.")
    parser.add_argument("--seal-events", type=int, default=1_000_000)
    parser.add_argument("--verify-events", type=int, default=10_000_000)
    parser.add_argument("--verify-workers", default="1,2")
    parser.add_argument(
        "--skip-appends", action="store_true", help="Only sealing and verification."
    )
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.seconds, arguments.soak = 3, 15
        arguments.seal_events = min(arguments.seal_events, 50_000)
        arguments.verify_events = min(arguments.verify_events, 200_000)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run under scripts/with-postgres.sh (needs a PostgreSQL DATABASE_URL).")
    os.environ["DATABASE_URL"] = _create_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevent.settings.local")
    os.environ.setdefault("AUDIT_CHECKPOINT_KEY", "benchmark-only-checkpoint-key")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from apps.audit import writer

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain_event (LIKE audit_auditevent INCLUDING ALL)")
    plain = _plain_model()

    def append(index: int) -> None:
        # What core.audit.record does for a view: build the values, hand them to the writer.
        writer.append(_values(index))

    def insert(index: int) -> None:
        plain.objects.create(**writer._complete(_values(index), timezone.now()))

    if not arguments.skip_appends:
        _appends_and_soak(arguments, append, insert)
    _seal_and_verify(arguments)


def _appends_and_soak(arguments, append, insert) -> None:
    from django.db import connection

    from apps.audit.sealing import seal

    sealer = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "seal_audit", "--every", "1", "--no-alerts"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    print("Audit appends (PostgreSQL, fsync off; the sealer running in its own process)")
    try:
        for threads in [int(n) for n in arguments.threads.split(",")]:
            appended = _run_threads(threads, arguments.seconds, append) / arguments.seconds
            inserted = _run_threads(threads, arguments.seconds, insert) / arguments.seconds
            print(
                f"  {threads:>2} writers: {appended:8.0f} appends/s   plain inserts "
                f"{inserted:8.0f}/s   ratio {appended / inserted:.2f}  (target >= 0.5)"
            )
        lags: list[float] = []
        done = threading.Event()

        def sample() -> None:
            from django.db import connection as sampler

            with sampler.cursor() as cursor:
                while not done.wait(2):
                    lags.append(_oldest_unsealed_seconds(cursor))
            sampler.close()

        sampler_thread = threading.Thread(target=sample)
        sampler_thread.start()
        soaked = _run_threads(32, arguments.soak, append)
        with connection.cursor() as cursor:
            at_end = _oldest_unsealed_seconds(cursor)
        done.set()
        sampler_thread.join()
        print(
            f"  soak: 32 writers for {arguments.soak:.0f} s, {soaked / arguments.soak:.0f} "
            f"appends/s with the sealer: oldest unsealed event {at_end:.1f} s old at the end, "
            f"at most {max(lags or [0]):.1f} s (target < 10 s)"
        )
    finally:
        sealer.terminate()
        sealer.wait()
    seal(checkpoint=True)


def _seal_and_verify(arguments) -> None:
    from django.db import connection

    from apps.audit.sealing import make_checkpoint, seal
    from apps.audit.services import audit_chain_verify

    total = arguments.verify_events
    backlog = min(arguments.seal_events, total)
    step = 1_000_000
    generated = 0.0

    def generate(first: int, last: int) -> None:
        nonlocal generated
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(_GENERATED, [first, last])
            cursor.execute("ANALYZE audit_auditevent")
        generated += time.perf_counter() - started

    for first in range(1, backlog + 1, step):
        generate(first, min(backlog, first + step - 1))
    started = time.perf_counter()
    sealed = seal(checkpoint=False).sealed
    sealing = time.perf_counter() - started
    make_checkpoint()
    print(
        f"Sealing: a backlog of {sealed:,} events sealed by the sealer in {sealing:.0f} s: "
        f"{sealed / sealing:,.0f} events/s ({_load()})"
    )
    bulk = 0.0
    for first in range(backlog + 1, total + 1, step):
        last = min(total, first + step - 1)
        generate(first, last)
        started = time.perf_counter()
        _bulk_seal()
        bulk += time.perf_counter() - started
        make_checkpoint()  # as the sealer does every AUDIT_CHECKPOINT_EVERY seconds
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditseal")
        cursor.execute("VACUUM ANALYZE audit_auditevent")
    print(
        f"Generated {total:,} events in {generated:.0f} s (SQL); the {total - backlog:,} "
        f"beyond the backlog sealed in bulk in {bulk:.0f} s"
    )
    for workers in [int(n) for n in arguments.verify_workers.split(",")]:
        connection.close()
        load_before, server_before = _load(), _server_cpu_seconds()
        own_before = _own_cpu_seconds()
        started = time.perf_counter()
        report = audit_chain_verify(workers=workers)
        elapsed = time.perf_counter() - started
        own = _own_cpu_seconds() - own_before
        server_after = _server_cpu_seconds()
        server = (
            f"{server_after - server_before:.0f} s"
            if server_before is not None and server_after is not None
            else "not measured"
        )
        state = "intact" if report.ok else f"BROKEN at {report.broken_at}: {report.reason}"
        per_million = elapsed / (report.checked / 1_000_000)
        print(
            f"verify_audit ({workers} process{'es' if workers > 1 else ''}): "
            f"{report.checked:,} events, {report.checkpoints_checked} checkpoints in "
            f"{elapsed:.0f} s ({report.checked / elapsed:,.0f}/s, {per_million:.1f} s per "
            f"million), chain {state}; CPU: verifier {own:.0f} s, PostgreSQL {server}; "
            f"{load_before} before, {_load()} after (target < 600 s for 10 million)"
        )


if __name__ == "__main__":
    main()
