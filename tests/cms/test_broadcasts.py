"""Notices to a whole audience (cms/broadcasts.py): fanned out in batches, sent in
claimed batches under a shared throttle, resumed after a crash without sending anyone a
message twice, with progress per channel and language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import broadcasts
from cms import sms as sms_module
from cms.broadcasts import (
    broadcast_create,
    broadcast_fanout,
    broadcast_send,
    broadcast_unknown_requeue,
    broadcasts_resume,
    fanout_batch,
    register_audience,
    send_batch,
    throttle_take,
)
from cms.models import (
    Broadcast,
    BroadcastState,
    Delivery,
    DeliveryThrottle,
    Notification,
    SmsOptOut,
    User,
)
from cms.notifications import STALE_SENDING
from cms.selectors import broadcast_progress
from tests.factories import UserFactory

WHEN = "2026-12-03T23:00:00+00:00"
register_audience("tests.chosen", lambda params: User.objects.filter(pk__in=params["ids"]))


class FakeClock:
    """Time that moves only when someone sleeps (or the test moves it)."""

    def __init__(self):
        self.t = datetime.now(tz=UTC).timestamp()
        self.slept = 0.0

    def time(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds
        self.slept += seconds

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.t, tz=UTC)

    def advance(self, delta: timedelta) -> None:
        self.t += delta.total_seconds()


class SimulatedCrash(BaseException):
    """The worker process dies here (not an error the code could catch and record)."""


def _emailers(count, language="en"):
    return [UserFactory(preferred_language=language) for _ in range(count)]


_PHONES = iter(range(1000, 10000))


def _texters(count, language="so"):
    return [
        UserFactory(
            contact_channel="sms",
            phone=f"+1201555{next(_PHONES):04d}",
            phone_verified=True,
            email="",
            verified=False,
            preferred_language=language,
        )
        for i in range(count)
    ]


def _broadcast(users) -> Broadcast:
    return broadcast_create(
        kind="cms.reminder",
        audience="tests.chosen",
        audience_params={"ids": [u.pk for u in users]},
        context={"title": "Family meeting", "when": WHEN},
        url="/en/",
        source_key="test:broadcast",
    )


def _received(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


# Fan-out --------------------------------------------------------------------------------


def test_fanout_reaches_each_person_once_in_their_language_over_batches(db):
    people = (
        _emailers(4, "es")
        + _emailers(3, "ar")
        + _texters(2)
        + [UserFactory(contact_channel="none")]
    )
    broadcast = _broadcast(people)
    added = broadcast_fanout(broadcast_id=broadcast.pk, batch_size=3)
    assert added == 10
    broadcast.refresh_from_db()
    assert broadcast.state == BroadcastState.SENDING  # prepared; the sends are queued
    assert broadcast.recipient_count == 10 and broadcast.cursor == max(u.pk for u in people)
    assert Notification.objects.filter(broadcast=broadcast).count() == 10  # every inbox
    assert Delivery.objects.filter(broadcast=broadcast, channel="email").count() == 7
    assert Delivery.objects.filter(broadcast=broadcast, channel="sms").count() == 2
    spanish = Notification.objects.get(recipient=people[0])
    assert spanish.language == "es" and "Family meeting" in spanish.body
    assert set(Delivery.objects.filter(channel="sms").values_list("language", flat=True)) == {"so"}


def test_a_crashed_fanout_batch_rolls_back_and_the_next_run_carries_on_without_doubles(
    db, monkeypatch
):
    people = _emailers(7)
    broadcast = _broadcast(people)
    real = broadcasts._channels
    calls = []

    def crash_on_second_batch(users, kind):
        calls.append(len(users))
        if len(calls) == 2:
            raise SimulatedCrash
        return real(users, kind)

    monkeypatch.setattr(broadcasts, "_channels", crash_on_second_batch)
    with pytest.raises(SimulatedCrash):
        broadcast_fanout(broadcast_id=broadcast.pk, batch_size=3)
    assert Notification.objects.filter(broadcast=broadcast).count() == 3  # batch 1 only
    monkeypatch.setattr(broadcasts, "_channels", real)
    assert broadcast_fanout(broadcast_id=broadcast.pk, batch_size=3) == 4
    assert Notification.objects.filter(broadcast=broadcast).count() == 7
    assert Delivery.objects.filter(broadcast=broadcast).count() == 7
    assert broadcast_fanout(broadcast_id=broadcast.pk, batch_size=3) == 0  # nothing twice


def test_each_language_is_rendered_once_per_batch_not_once_per_person(db, monkeypatch):
    people = _emailers(10, "es") + _emailers(10, "vi") + _texters(5, "ar")
    broadcast = _broadcast(people)
    rendered = []
    real = broadcasts._render

    def counting(kind, language, context, *args):
        rendered.append(language)
        return real(kind, language, context, *args)

    monkeypatch.setattr(broadcasts, "_render", counting)
    broadcast_fanout(broadcast_id=broadcast.pk, batch_size=500)
    assert sorted(rendered) == ["ar", "es", "vi"]

    parts = []
    real_parts = broadcasts.email_parts
    monkeypatch.setattr(
        broadcasts, "email_parts", lambda n: parts.append(n.language) or real_parts(n)
    )
    broadcast_send(broadcast_id=broadcast.pk, channel="email")
    assert sorted(parts) == ["es", "vi"]  # 20 emails, one rendering per language
    assert len(mail.outbox) == 20


def test_a_fanout_batch_runs_the_same_queries_for_3_and_40_people(db):
    few, many = _broadcast(_emailers(3)), _broadcast(_emailers(40))
    now = datetime.now(tz=UTC)
    with CaptureQueriesContext(connection) as small:
        fanout_batch(broadcast_id=few.pk, now=now, size=500)
    with CaptureQueriesContext(connection) as large:
        fanout_batch(broadcast_id=many.pk, now=now, size=500)
    assert len(small) == len(large)


def test_a_send_batch_runs_the_same_queries_for_3_and_40_messages(db):
    few, many = _broadcast(_emailers(3)), _broadcast(_emailers(40))
    for broadcast in (few, many):
        broadcast_fanout(broadcast_id=broadcast.pk)
    clock = FakeClock()
    with CaptureQueriesContext(connection) as small:
        assert send_batch(broadcast_id=few.pk, channel="email", clock=clock, size=100) == (3, 3)
    with CaptureQueriesContext(connection) as large:
        assert send_batch(broadcast_id=many.pk, channel="email", clock=clock, size=100) == (
            40,
            40,
        )
    assert len(small) == len(large)


# Crashes while sending ------------------------------------------------------------------


def test_a_worker_crash_mid_batch_is_resumed_and_everyone_gets_the_message_exactly_once(
    db, settings, monkeypatch
):
    settings.NOTIFY_EMAIL_RATE_PER_SECOND = 3  # chunks of at most 3 in a batch of 10
    people = _emailers(10)
    broadcast = _broadcast(people)
    broadcast_fanout(broadcast_id=broadcast.pk)
    clock = FakeClock()
    takes = []
    real_take = broadcasts.throttle_take

    def dies_before_the_third_chunk(**kwargs):
        takes.append(1)
        if len(takes) == 3:
            raise SimulatedCrash
        return real_take(**kwargs)

    monkeypatch.setattr(broadcasts, "throttle_take", dies_before_the_third_chunk)
    with pytest.raises(SimulatedCrash):
        broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock)
    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent"] * 6 + ["claimed"] * 4  # the rest of the batch is held
    assert len(mail.outbox) == 6

    # Another worker right away leaves the crashed worker's claim alone...
    monkeypatch.setattr(broadcasts, "throttle_take", real_take)
    assert broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock) == 0
    # ...and takes it over once the lease has passed.
    clock.advance(STALE_SENDING + timedelta(seconds=1))
    assert broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock) == 4
    assert _received(mail.outbox) == sorted(p.email for p in people)  # each exactly once
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    broadcast.refresh_from_db()
    assert broadcast.state == BroadcastState.DONE
    # A later run never sends a sent one again.
    clock.advance(STALE_SENDING * 2)
    assert broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock) == 0
    assert len(mail.outbox) == 10


def test_a_crash_inside_the_provider_call_marks_that_chunk_unknown_and_never_resends_it(
    db, settings, monkeypatch
):
    settings.NOTIFY_EMAIL_RATE_PER_SECOND = 3
    people = _emailers(10)
    broadcast = _broadcast(people)
    broadcast_fanout(broadcast_id=broadcast.pk)
    clock = FakeClock()
    real_send = broadcasts._Sender.send
    sends = []

    def dies_on_the_fifth(self, delivery):
        sends.append(delivery.pk)
        if len(sends) == 5:
            raise SimulatedCrash  # the 4th reached the server; the 5th and 6th did not
        return real_send(self, delivery)

    monkeypatch.setattr(broadcasts._Sender, "send", dies_on_the_fifth)
    with pytest.raises(SimulatedCrash):
        broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock)
    monkeypatch.setattr(broadcasts._Sender, "send", real_send)
    clock.advance(STALE_SENDING + timedelta(seconds=1))
    broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock)

    statuses = list(Delivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent"] * 3 + ["unknown"] * 3 + ["sent"] * 4
    received = _received(mail.outbox)
    assert len(received) == len(set(received)) == 8  # nobody twice; 5th and 6th wait
    progress = broadcast_progress(Broadcast.objects.get(pk=broadcast.pk))
    assert progress["totals"] == {"sent": 7, "waiting": 0, "failed": 0, "unknown": 3}

    # The sender decides to send the unconfirmed ones again.
    assert broadcast_unknown_requeue(broadcast=broadcast) == 3
    broadcast_send(broadcast_id=broadcast.pk, channel="email", clock=clock)
    assert set(_received(mail.outbox)) == {p.email for p in people}


# STOP -----------------------------------------------------------------------------------


def test_a_text_to_a_number_that_replied_stop_is_settled_at_once_and_never_retried(db):
    stopped, reachable = _texters(2)
    broadcast = _broadcast([stopped, reachable])
    broadcast_fanout(broadcast_id=broadcast.pk)
    # The family replies STOP after the fan-out, before their text goes out.
    SmsOptOut.objects.create(phone=str(stopped.phone), user=stopped, keyword="STOP")
    clock = FakeClock()
    assert broadcast_send(broadcast_id=broadcast.pk, channel="sms", clock=clock) == 1
    assert [m.to for m in sms_module.outbox] == [str(reachable.phone)]
    settled = Delivery.objects.get(notification__recipient=stopped)
    assert settled.status == "failed" and settled.next_attempt_at is None
    assert settled.attempts == 1 and "replied STOP" in settled.last_error
    # The sender sees it failed at once (not "waiting"), and the broadcast is finished.
    assert broadcast_progress(broadcast)["totals"] == {
        "sent": 1,
        "waiting": 0,
        "failed": 1,
        "unknown": 0,
    }
    assert Broadcast.objects.get(pk=broadcast.pk).state == BroadcastState.DONE
    # Hours later (past every retry of the backoff) nothing more is tried or sent.
    clock.advance(timedelta(hours=15))
    assert broadcast_send(broadcast_id=broadcast.pk, channel="sms", clock=clock) == 0
    assert len(sms_module.outbox) == 1
    assert Delivery.objects.get(pk=settled.pk).attempts == 1


# Throttle -------------------------------------------------------------------------------


def test_the_throttle_holds_the_configured_rate_across_workers(db, settings, monkeypatch):
    settings.NOTIFY_SMS_RATE_PER_SECOND = 4
    clock = FakeClock()
    first, second = _broadcast(_texters(12)), _broadcast(_texters(8, "ht"))
    for broadcast in (first, second):
        broadcast_fanout(broadcast_id=broadcast.pk)
    times = []
    real_sms = broadcasts.send_sms
    monkeypatch.setattr(
        broadcasts, "send_sms", lambda to, body: times.append(clock.time()) or real_sms(to, body)
    )
    # Two "workers" sending two broadcasts share the bucket (one row per channel).
    broadcast_send(broadcast_id=first.pk, channel="sms", clock=clock, batch_size=5)
    broadcast_send(broadcast_id=second.pk, channel="sms", clock=clock, batch_size=5)
    assert len(times) == len(sms_module.outbox) == 20
    # Token bucket: over any stretch, at most one second's worth plus the rate times it.
    for i in range(len(times)):
        for j in range(i, len(times)):
            assert j - i + 1 <= 4 + 4 * (times[j] - times[i]) + 1e-6
    assert times[-1] - times[0] >= (20 - 4) / 4 - 1e-6
    assert clock.slept >= 4 - 1e-6
    assert DeliveryThrottle.objects.get(channel="sms").tokens < 4


def test_a_throttle_of_zero_means_no_limit(db, settings):
    settings.NOTIFY_EMAIL_RATE_PER_SECOND = 0
    clock = FakeClock()
    assert throttle_take(channel="email", wanted=500, clock=clock) == 500
    assert clock.slept == 0


# Progress and the page ------------------------------------------------------------------


def test_progress_counts_per_channel_and_language(db, monkeypatch):
    people = _emailers(3, "es") + _emailers(2, "ar") + _texters(2, "so")
    broadcast = _broadcast(people)
    broadcast_fanout(broadcast_id=broadcast.pk)
    assert broadcast_progress(broadcast)["totals"] == {
        "sent": 0,
        "waiting": 7,
        "failed": 0,
        "unknown": 0,
    }

    def gateway_down(to, body):
        raise sms_module.SmsError("gateway down")

    monkeypatch.setattr(broadcasts, "send_sms", gateway_down)
    broadcast_send(broadcast_id=broadcast.pk, channel="email")
    broadcast_send(broadcast_id=broadcast.pk, channel="sms")
    broadcast.refresh_from_db()
    progress = broadcast_progress(broadcast)
    rows = {(r["channel"], r["language"]): r for r in progress["rows"]}
    assert rows[("email", "es")]["sent"] == 3 and rows[("email", "ar")]["sent"] == 2
    assert rows[("sms", "so")]["waiting"] == 2  # failed once, will retry
    assert "gateway down" in Delivery.objects.filter(channel="sms").first().last_error
    assert broadcast.state == BroadcastState.SENDING and not progress["done"]
    with CaptureQueriesContext(connection) as queries:
        broadcast_progress(broadcast)
    assert len(queries) == 1


def test_broadcasts_resume_queues_the_fanout_of_a_broadcast_whose_worker_is_gone(
    db, django_capture_on_commit_callbacks
):
    people = _emailers(3)
    with django_capture_on_commit_callbacks(execute=False):
        broadcast = _broadcast(people)  # the task was never queued (a lost enqueue)
    assert Notification.objects.count() == 0
    later = datetime.now(tz=UTC) + STALE_SENDING + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert broadcasts_resume(now=later) == 1
    assert len(mail.outbox) == 3
    assert Broadcast.objects.get(pk=broadcast.pk).state == BroadcastState.DONE


def test_a_queue_that_is_down_does_not_fail_the_sender_and_the_resume_sends_it_later(
    db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from cms import queue

    people = _emailers(2)
    real_enqueue = queue.enqueue

    def queue_down(*args, **kwargs):
        raise ConnectionError("the task queue is down")

    monkeypatch.setattr(queue, "enqueue", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        broadcast = _broadcast(people)  # no error reaches the person who sent it
    assert "could not queue cms.tasks.broadcast_prepare" in caplog.text
    assert len(mail.outbox) == 0
    monkeypatch.setattr(queue, "enqueue", real_enqueue)
    later = datetime.now(tz=UTC) + STALE_SENDING + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert broadcasts_resume(now=later) == 1
    assert _received(mail.outbox) == sorted(p.email for p in people)
    assert Broadcast.objects.get(pk=broadcast.pk).state == BroadcastState.DONE
