"""`python -m benchmarks` (make bench): every benchmark, each printing ratios to its baseline.

Run under scripts/with-postgres.sh (as `make bench` does): the real-time benchmark
loads its person index into PostgreSQL.
"""

import sys

from benchmarks import matching, realtime

if __name__ == "__main__":
    quick = "--quick" in sys.argv
    matching.main(["--size", "20000"] if quick else [])
    realtime.main(["--people", "20000", "--queries", "100"] if quick else [])
