"""Test helpers for races: calls started together in threads, each on its own connection.

Used with `pytest.mark.django_db(transaction=True, serialized_rollback=True)`, so each
thread's work is really committed and the rival really waits on its locks.
"""

import threading
import time

from django.db import connections


def slow_down(monkeypatch, target, name: str, seconds: float = 0.5) -> None:
    """Make `target.name` wait first: it holds its transaction open while the rival arrives."""
    real = getattr(target, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, slow)


def run_together(*calls, stagger: float = 0.0) -> list:
    """Run each call in its own thread, started together (the n-th `stagger * n` seconds late).

    Returns, in order, what each call returned, or the exception it raised.
    """
    start = threading.Barrier(len(calls))
    outcomes: dict[int, object] = {}

    def run(index, call):
        try:
            start.wait()
            time.sleep(stagger * index)
            outcomes[index] = call()
        except Exception as error:  # the test asserts on what was raised
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return [outcomes.get(index) for index in range(len(calls))]
