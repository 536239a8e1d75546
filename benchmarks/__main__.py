"""`python -m benchmarks` (make bench): every benchmark, each printing ratios to its baseline.

Run under scripts/with-postgres.sh (as `make bench` does): the real-time benchmark
loads its person index into PostgreSQL; the audit benchmark appends, seals and
verifies there, in a process of its own (it needs its own database and Django setup).
"""

import os
import subprocess
import sys

from benchmarks import matching, realtime

if __name__ == "__main__":
    quick = "--quick" in sys.argv
    database_url = os.environ.get("DATABASE_URL", "")
    matching.main(["--size", "20000"] if quick else [])
    realtime.main(["--people", "20000", "--queries", "100"] if quick else [])
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.audit", *(["--quick"] if quick else [])],
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
    )
