"""Run the same work in many threads at once, each with its own database connection, for
the race tests on PostgreSQL (a test transaction would hide the race)."""

import threading

from django.db import connections


def run_in_threads(count: int, work) -> list:
    """``work(index)`` in ``count`` threads released together; each result or exception."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
