"""Page times on the embedded SQLite database while a large referral import runs.

    uv run python -m benchmarks.import_responsiveness [--rows 20000] [--time-limit 900]

Builds a throwaway file-based SQLite database (the demo's settings: WAL, IMMEDIATE
transactions) in a temporary folder, serves it with gunicorn on 127.0.0.1 as
scripts/serve-demo.sh does, and signs in as a Gateway officer. It first times the pages
with nothing else running (the baseline), then uploads a --rows-row CSV through the
import page, lets a `db_worker` process import it, and times the same pages, round and
round, until the batch has finished. It prints p50, p95 and the slowest page time and the
count of 500s (and 503s) for both, and the import's own timings. Target (issue 7):
p95 under 1 s and no 500 while a 20,000-row import runs. Loopback only.
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "gateway.officer"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Inside the throwaway database (run as a subprocess with Django set up) ---------------


def _setup(folder: Path, rows: int) -> None:
    """Team, officer, a Gateway queue of 200 referrals, and the CSV to import."""
    import django

    django.setup()
    from apps.accounts.tests.factories import TEST_PASSWORD, TeamFactory, UserFactory, role
    from apps.referrals.services import referral_import_rows
    from apps.referrals.tests.factories import referral_row

    team = TeamFactory(name="CTP SE Prevent – Thames Valley")
    officer = UserFactory(username=USERNAME, team=team, role=role("gateway_officer"))
    result = referral_import_rows(
        rows=[
            (n + 2, referral_row(source_reference=f"SYN-QUEUE-{n:06d}", family_name=f"Queue{n}"))
            for n in range(200)
        ],
        team=team,
        imported_by=officer,
    )
    assert result.ok, result.errors[:3]
    columns = list(referral_row())
    with (folder / "batch.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for n in range(rows):
            writer.writerow(
                referral_row(
                    source_reference=f"SYN-BENCH-{n:06d}",
                    family_name=f"Benchperson{n}",
                    gender="" if n % 5 == 0 else "Female",
                )
            )
    print(json.dumps({"password": TEST_PASSWORD, "referral": str(result.created[0].pk)}))  # noqa: T201


def _batch_report(batch_id: str) -> None:
    import django

    django.setup()
    from apps.referrals.models import ReferralImport

    batch = ReferralImport.objects.get(pk=batch_id)
    print(  # noqa: T201
        json.dumps(
            {
                "status": batch.status,
                "created": batch.created_count,
                "errors": batch.errors[:3],
                "failure_reason": batch.failure_reason,
                "seconds": (batch.finished_at - batch.created_at).total_seconds()
                if batch.finished_at
                else None,
            }
        )
    )


# --- The client ----------------------------------------------------------------------------


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: bytes | None = None, headers=None):
        """(status, seconds, body, final url) for one request; errors are answers too."""
        url = self.base + path  # always http://127.0.0.1:<port>/...
        request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:  # noqa: S310
                body = response.read()
                status, url = response.status, response.url
        except urllib.error.HTTPError as error:
            body, status, url = error.read(), error.code, error.url
        return status, time.perf_counter() - started, body.decode("utf-8", "replace"), url

    def csrf(self, path: str) -> str:
        _, _, body, _ = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def sign_in(self, password: str) -> None:
        token = self.csrf("/account/sign-in/")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": USERNAME, "password": password}
        ).encode()
        status, _, body, url = self.request(
            "/account/sign-in/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if "sign-in" in url:
            raise SystemExit(f"Could not sign in ({status})")

    def upload(self, path: Path) -> str:
        token = self.csrf("/referrals/imports/new/")
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{token}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{path.name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                path.read_bytes(),
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        status, seconds, _, url = self.request(
            "/referrals/imports/new/",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        match = re.search(r"/referrals/imports/([0-9a-f-]{36})/", url)
        if not match:
            raise SystemExit(f"Upload failed ({status})")
        print(f"Uploaded {path.name} in {seconds:.2f} s")  # noqa: T201
        return match.group(1)


def _round(client: Client, pages: list[str], samples: list[tuple[str, int, float]]) -> str:
    body = ""
    for page in pages:
        status, seconds, body, _ = client.request(page)
        samples.append((page, status, seconds))
    return body


def _summary(label: str, samples: list[tuple[str, int, float]]) -> str:
    times = [seconds for _, _, seconds in samples]
    errors = sum(1 for _, status, _ in samples if status >= 500 and status != 503)
    busy = sum(1 for _, status, _ in samples if status == 503)
    return (
        f"{label:<28} {len(samples):>6} {statistics.median(times) * 1000:>9.0f} "
        f"{_percentile(times, 0.95) * 1000:>9.0f} {max(times) * 1000:>9.0f} {errors:>6} {busy:>6}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--baseline-rounds", type=int, default=30)
    parser.add_argument("--time-limit", type=int, default=900, help="seconds for the import")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="prevent-import-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prevent.settings.local",
        "VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "REQUIRE_2FA": "false",
        "DEBUG": "false",
        "IMPORT_MAX_ROWS": str(max(args.rows, 20000)),
        "LOG_LEVEL": "INFO",
    }
    python = [sys.executable]
    processes: list[subprocess.Popen] = []

    def manage(*command: str) -> str:
        return subprocess.run(  # noqa: S603
            [*python, "manage.py", *command], env=env, cwd=ROOT, check=True, capture_output=True
        ).stdout.decode()

    def helper(*command: str) -> dict:
        output = subprocess.run(  # noqa: S603
            [*python, "-m", "benchmarks.import_responsiveness", *command],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout.decode()
        return json.loads(output.strip().splitlines()[-1])

    try:
        started = time.perf_counter()
        manage("migrate", "--no-input")
        manage("collectstatic", "--no-input", "--verbosity", "0")
        setup = helper("_setup", str(folder), str(args.rows))
        print(
            f"Prepared the database and a {args.rows}-row file in "  # noqa: T201
            f"{time.perf_counter() - started:.0f} s ({folder})"
        )

        port = _free_port()
        web_log = (folder / "web.log").open("w")
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    *python,
                    "-m",
                    "gunicorn",
                    "prevent.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                ],
                env=env,
                cwd=ROOT,
                stdout=web_log,
                stderr=subprocess.STDOUT,
            )
        )
        client = Client(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                client.request("/account/sign-in/")
                break
            except OSError:
                time.sleep(0.2)
        client.sign_in(setup["password"])
        pages = ["/", "/referrals/", f"/referrals/{setup['referral']}/"]

        baseline: list[tuple[str, int, float]] = []
        for _ in range(args.baseline_rounds):
            _round(client, pages, baseline)

        worker_log = (folder / "worker.log").open("w")
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    *python,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--no-reload",
                    "--interval",
                    "0.5",
                ],
                env=env,
                cwd=ROOT,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        batch_id = client.upload(folder / "batch.csv")
        during: list[tuple[str, int, float]] = []
        status_page = f"/referrals/imports/{batch_id}/"
        import_started = time.perf_counter()
        while time.perf_counter() - import_started < args.time_limit:
            body = _round(client, [*pages, status_page], during)
            if "Import complete" in body or "Nothing was imported" in body:
                break
        elapsed = time.perf_counter() - import_started
        report = helper("_batch", batch_id)

        print()  # noqa: T201
        print(
            f"{'pages (ms)':<28} {'count':>6} {'p50':>9} {'p95':>9} {'max':>9} "  # noqa: T201
            f"{'500s':>6} {'503s':>6}"
        )
        print(_summary("baseline, no import", baseline))  # noqa: T201
        print(_summary(f"during {args.rows:,}-row import", during))  # noqa: T201
        print()  # noqa: T201
        print(
            f"Import: {report['status']}, {report['created']:,} referrals created, "  # noqa: T201
            f"{report['seconds'] or elapsed:.0f} s from upload to finish"
        )
        worker_log.flush()
        published = re.findall(r"published .*", (folder / "worker.log").read_text())
        if published:
            print(f"Worker: {published[-1]}")  # noqa: T201
        if report["status"] != "succeeded":
            print(f"Import did not succeed: {report['errors'] or report['failure_reason']}")  # noqa: T201
        p95 = _percentile([seconds for _, _, seconds in during], 0.95)
        errors = sum(1 for _, status, _ in during if status >= 500)
        target_met = p95 < 1 and errors == 0 and report["status"] == "succeeded"
        print(f"Target (p95 < 1 s, no 500, import succeeded): {'met' if target_met else 'NOT met'}")  # noqa: T201
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        _setup(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_batch":
        _batch_report(sys.argv[2])
    else:
        main()
