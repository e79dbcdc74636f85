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


class HeldTransaction:
    """Run ``work()`` in a thread inside ``transaction.atomic()`` and keep that
    transaction (and every lock it took) open until ``release()``: the way to prove what
    another transaction does while this one is in flight.

        with HeldTransaction(lambda: ballot_cast(...)) as held:
            ...  # held.result is work()'s result; its locks are still held here
        # committed here (held.error holds an exception from work or the commit)
    """

    def __init__(self, work, timeout: float = 30):
        self.work = work
        self.timeout = timeout
        self.result = None
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                self.result = self.work()
                self._ready.set()
                self._release.wait(self.timeout)
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            self.error = exc
        finally:
            self._ready.set()
            connections.close_all()

    def __enter__(self) -> "HeldTransaction":
        self._thread.start()
        assert self._ready.wait(self.timeout), "the held transaction never got going"
        if self.error is not None:
            raise self.error
        return self

    def release(self) -> None:
        self._release.set()
        self._thread.join(self.timeout)

    def __exit__(self, *exc) -> None:
        self.release()


def run_in_thread(work) -> tuple[threading.Thread, dict]:
    """Start ``work()`` in a thread with its own connection; the dict gets ``result``
    or ``error`` and ``done`` (a threading.Event) when it ends."""
    outcome: dict = {"done": threading.Event()}

    def runner() -> None:
        try:
            outcome["result"] = work()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc
        finally:
            connections.close_all()
            outcome["done"].set()

    thread = threading.Thread(target=runner)
    thread.start()
    return thread, outcome
