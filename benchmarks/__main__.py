"""`python -m benchmarks` (make bench) runs every benchmark; for now, matching."""

from benchmarks import matching

if __name__ == "__main__":
    matching.main([])
