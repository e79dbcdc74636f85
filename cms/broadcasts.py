"""Notices to a whole audience, fanned out and sent in batches by the task worker.

An announcement to 50,000 families in ten languages cannot be written, rendered and sent
inside the facilitator's request. ``broadcast_create`` records what to send and to whom
(an *audience* a feature app registers, e.g. "every member of this group") and queues
the work after commit:

1. **Fan-out** (task ``cms.tasks.broadcast_prepare``): batches of
   ``NOTIFY_FANOUT_BATCH_SIZE`` recipients, in primary-key order after the broadcast's
   ``cursor``. Each batch, in one transaction under the broadcast's row lock: the inbox
   entries (``bulk_create``), one delivery per channel (``bulk_create``), the cursor moved
   on; each language's text is rendered once per batch. After commit it queues a send
   task per channel. A crash loses at most the batch in flight, which rolls back; the
   next fan-out task carries on from the cursor. A unique constraint (one inbox entry per
   broadcast and person; one delivery per entry and channel) stops any double.
2. **Send** (task ``cms.tasks.broadcast_deliver``, any number at once on any number of
   workers): claim a batch of queued deliveries of one channel with ``select_for_update
   (skip_locked=True)`` (state *claimed*), take tokens from the channel's bucket
   (``NOTIFY_EMAIL_RATE_PER_SECOND``, ``NOTIFY_SMS_RATE_PER_SECOND``: a token bucket in
   the database shared by every worker), mark that chunk *sending*, hand it to the
   provider (one SMTP connection per batch; each language's email rendered once per
   batch), then mark it *sent* (or *retrying* / *failed*) in one statement each. Queries
   per batch do not grow with its size. Each text first asks whether its number has
   replied STOP since the fan-out: such a text is marked *failed* at once ("the number
   replied STOP", counted as failed in the sender's progress), never sent, never retried.

After a worker crash (``broadcasts_resume``, run by ``send_reminders`` and by each send
task, once a delivery's lease ``STALE_SENDING`` has passed):

- *claimed* deliveries were never handed to the provider: they go back to the queue and
  are sent once by whichever worker comes next;
- *sending* deliveries may or may not have reached the person. Neither SMTP nor the SMS
  gateway's API is idempotent (a second call sends a second message), so they are marked
  **unknown**, never sent again automatically, and shown to the sender, who can check
  the provider's log and send them again (``broadcast_unknown_requeue``). At most one
  chunk per crashed worker is in this state.
- A sent delivery is never sent again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from cms.models import (
    Broadcast,
    BroadcastState,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    DeliveryThrottle,
    Notification,
    User,
)
from cms.models.notifications import OPEN_DELIVERY_STATUSES, OPTED_OUT_ERROR
from cms.notifications import (
    KINDS,
    RETRY_BACKOFF_MINUTES,
    STALE_SENDING,
    _channels,
    _language_for,
    _render,
    email_build,
    email_parts,
)
from cms.queue import enqueue_or_log
from cms.sms import send_sms
from cms.sms_inbound.services import is_opted_out

logger = logging.getLogger(__name__)

SEND_BATCH = 100  # deliveries one worker claims at a time

# Audiences ------------------------------------------------------------------------------

AUDIENCES: dict[str, Callable[[dict], QuerySet]] = {}


def register_audience(key: str, resolve: Callable[[dict], QuerySet]) -> None:
    """A feature app names who a broadcast can go to: ``resolve(params)`` returns a
    queryset of users (the fan-out pages through it by primary key)."""
    AUDIENCES[key] = resolve


# Clock ----------------------------------------------------------------------------------


class Clock(Protocol):
    def time(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...
    def now(self) -> datetime: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=UTC)


SYSTEM_CLOCK = SystemClock()


# Creating -------------------------------------------------------------------------------


def broadcast_create(
    *,
    kind: str,
    audience: str,
    audience_params: dict | None = None,
    context: dict | None = None,
    url: str = "",
    source_key: str = "",
    created_by: User | None = None,
    send_at: datetime | None = None,
) -> Broadcast:
    """Record a broadcast and queue its fan-out after commit (at ``send_at`` where the
    task backend can defer; otherwise ``send_reminders`` starts it when due). Call it in
    the action's transaction, after the action checked permission."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind}")
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience}")
    broadcast = Broadcast.objects.create(
        kind=kind,
        audience=audience,
        audience_params=audience_params or {},
        context=context or {},
        url=url,
        source_key=source_key,
        created_by=created_by,
        send_at=send_at,
    )
    transaction.on_commit(lambda: _enqueue_prepare(broadcast.pk, run_after=send_at))
    return broadcast


def _supports_defer() -> bool:
    from django_tasks import default_task_backend

    return default_task_backend.supports_defer


def _enqueue_prepare(broadcast_id: int, run_after: datetime | None = None) -> None:
    if run_after is not None and run_after > datetime.now(tz=UTC):
        if not _supports_defer():
            return  # send_reminders starts it when it is due
    else:
        run_after = None
    # Not queued: broadcasts_resume queues it again.
    enqueue_or_log("cms.tasks.broadcast_prepare", broadcast_id, run_after=run_after)


def _enqueue_deliver(broadcast_id: int, channel: str, run_after: datetime | None = None) -> None:
    # Not queued: broadcasts_resume queues it again.
    enqueue_or_log("cms.tasks.broadcast_deliver", broadcast_id, channel, run_after=run_after)


# Fan-out --------------------------------------------------------------------------------


def broadcast_fanout(
    *, broadcast_id: int, clock: Clock = SYSTEM_CLOCK, batch_size: int | None = None
) -> int:
    """Create the inbox entries and deliveries of a broadcast, batch after batch, from
    where it stopped. Returns how many recipients were added."""
    batch_size = batch_size or settings.NOTIFY_FANOUT_BATCH_SIZE
    added = 0
    while True:
        count, more = fanout_batch(broadcast_id=broadcast_id, now=clock.now(), size=batch_size)
        added += count
        if not more:
            break
    broadcast_finish_if_done(broadcast_id=broadcast_id, now=clock.now())
    return added


def fanout_batch(*, broadcast_id: int, now: datetime, size: int) -> tuple[int, bool]:
    """One batch of the fan-out in one transaction. Returns (recipients added, whether
    there may be more)."""
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast_id)
        if broadcast.state not in (BroadcastState.SCHEDULED, BroadcastState.PREPARING):
            return 0, False
        if broadcast.send_at is not None and broadcast.send_at > now:
            return 0, False
        kind = KINDS[broadcast.kind]
        users = list(
            AUDIENCES[broadcast.audience](broadcast.audience_params)
            .filter(pk__gt=broadcast.cursor, is_active=True)
            .order_by("pk")[:size]
        )
        if not users:
            broadcast.state = BroadcastState.SENDING
            broadcast.prepared_at = broadcast.heartbeat_at = now
            broadcast.save(update_fields=["state", "prepared_at", "heartbeat_at"])
            return 0, False
        channels = _channels(users, kind)
        base_context = {**broadcast.context, "url": broadcast.url}
        rendered: dict[str, dict[str, str]] = {}  # once per language per batch
        audio: dict[str, dict[str, int]] = {}  # the audio summaries, once per batch
        notifications = []
        for user in users:
            language = _language_for(user)
            if language not in rendered:
                rendered[language] = _render(kind, language, base_context, audio)
            notifications.append(
                Notification(
                    recipient=user,
                    kind=broadcast.kind,
                    language=language,
                    source_key=broadcast.source_key,
                    broadcast=broadcast,
                    **rendered[language],
                )
            )
        Notification.objects.bulk_create(notifications)
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=n,
                    channel=channel,
                    broadcast=broadcast,
                    language=n.language,
                )
                for n in notifications
                for channel in channels[n.recipient_id]
            ]
        )
        last = len(users) < size  # nobody after these: prepared
        broadcast.cursor = users[-1].pk
        broadcast.recipient_count = F("recipient_count") + len(users)
        broadcast.state = BroadcastState.SENDING if last else BroadcastState.PREPARING
        broadcast.heartbeat_at = now
        broadcast.prepared_at = now if last else None
        broadcast.save(
            update_fields=["cursor", "recipient_count", "state", "heartbeat_at", "prepared_at"]
        )
        for channel in sorted({d.channel for d in deliveries}):
            transaction.on_commit(lambda channel=channel: _enqueue_deliver(broadcast_id, channel))
    return len(users), not last


# Throttle -------------------------------------------------------------------------------


def rate_for(channel: str) -> float:
    """Messages per second allowed on a channel across every worker (0: no limit)."""
    if channel == DeliveryChannel.SMS:
        return float(settings.NOTIFY_SMS_RATE_PER_SECOND)
    return float(settings.NOTIFY_EMAIL_RATE_PER_SECOND)


def throttle_take(*, channel: str, wanted: int, clock: Clock = SYSTEM_CLOCK) -> int:
    """Take ``wanted`` tokens (at most one second's worth) from the channel's bucket,
    waiting (``clock.sleep``) until they are there. The bucket is one database row per channel, locked for
    the instant of the take, so every worker on every machine shares the rate; it holds
    at most one second's worth, so a burst never exceeds the rate."""
    rate = rate_for(channel)
    if rate <= 0 or wanted <= 0:
        return wanted
    capacity = max(1.0, rate)
    # Wait for a whole chunk (up to one second's worth) rather than trickling one token at
    # a time, so the statements per message stay the same however slow the rate.
    needed = min(wanted, int(capacity))
    while True:
        with transaction.atomic():
            bucket = DeliveryThrottle.objects.select_for_update().filter(channel=channel).first()
            if bucket is None:
                DeliveryThrottle.objects.bulk_create(
                    [DeliveryThrottle(channel=channel, tokens=capacity, refilled_at=clock.time())],
                    ignore_conflicts=True,
                )
                bucket = DeliveryThrottle.objects.select_for_update().get(channel=channel)
            now = clock.time()
            tokens = min(capacity, bucket.tokens + max(0.0, now - bucket.refilled_at) * rate)
            granted = needed if tokens + 1e-9 >= needed else 0  # 0.9999999 is a token
            bucket.tokens = max(0.0, tokens - granted)
            bucket.refilled_at = max(now, bucket.refilled_at)
            bucket.save(update_fields=["tokens", "refilled_at"])
        if granted:
            return granted
        clock.sleep(max((needed - tokens) / rate, 0.001))


# Sending --------------------------------------------------------------------------------


# What the sender sees on a text that was not sent because the number replied STOP (the
# same words as a single notice's, ``cms.notifications.delivery_attempt``).
STOPPED = OPTED_OUT_ERROR


class OptedOut(Exception):
    """The number replied STOP after the fan-out: the text is settled as failed at once,
    never sent and never retried (a gateway error, by contrast, is retried)."""


class _Sender:
    """Hands messages of one channel to the provider: one SMTP connection per batch, and
    each language's email rendered once per batch."""

    def __init__(self, channel: str):
        self.channel = channel
        self.parts: dict[tuple, tuple[str, str]] = {}
        self.connection = None

    def send(self, delivery: Delivery) -> None:
        notification = delivery.notification
        user = notification.recipient
        if self.channel == DeliveryChannel.EMAIL:
            if not user.email:
                raise ValueError("no email address")
            key = (
                notification.language,
                notification.subject,
                notification.body,
                notification.url,
                notification.audio_url,
            )
            if key not in self.parts:
                self.parts[key] = email_parts(notification)
            if self.connection is None:
                self.connection = get_connection(fail_silently=False)
                self.connection.open()
            message = email_build(notification, user.email, self.parts[key], self.connection)
            try:
                self.connection.send_messages([message])
            except Exception:
                self.close()  # a broken connection: the next message opens a fresh one
                self.connection = None
                raise
        else:
            if not user.phone:
                raise ValueError("no phone number")
            if is_opted_out(str(user.phone)):
                # STOP (in any language) ends every text at once, also those queued before.
                raise OptedOut(STOPPED)
            send_sms(str(user.phone), notification.sms_text)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # a connection that broke mid-batch
                logger.warning("could not close the email connection", exc_info=True)


def broadcast_send(
    *,
    broadcast_id: int,
    channel: str,
    clock: Clock = SYSTEM_CLOCK,
    batch_size: int = SEND_BATCH,
) -> int:
    """Send a broadcast's deliveries on one channel, batch after batch, until none is
    left to claim. Any number of workers may run it at once. Returns how many went out."""
    broadcasts_resume(now=clock.now(), broadcast_id=broadcast_id)
    rate = rate_for(channel)
    if rate > 0:  # a claimed batch must go out well within the lease
        batch_size = max(1, min(batch_size, int(rate * 60)))
    sent = 0
    while True:
        claimed, went = send_batch(
            broadcast_id=broadcast_id, channel=channel, clock=clock, size=batch_size
        )
        sent += went
        if not claimed:
            break
    now = clock.now()
    broadcast_finish_if_done(broadcast_id=broadcast_id, now=now)
    retry_at = (
        Delivery.objects.filter(
            broadcast_id=broadcast_id, channel=channel, status=DeliveryStatus.RETRYING
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at is not None and _supports_defer():
        _enqueue_deliver(broadcast_id, channel, run_after=retry_at)
    return sent


def send_batch(*, broadcast_id: int, channel: str, clock: Clock, size: int) -> tuple[int, int]:
    """Claim up to ``size`` deliveries and send them. Returns (claimed, sent)."""
    now = clock.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(broadcast_id=broadcast_id, channel=channel)
            .filter(
                Q(status=DeliveryStatus.QUEUED)
                | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return 0, 0
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.CLAIMED, updated_at=now)
    rows = list(
        Delivery.objects.filter(pk__in=ids).select_related("notification__recipient").order_by("pk")
    )
    sender = _Sender(channel)
    sent_total = 0
    try:
        while rows:
            granted = throttle_take(channel=channel, wanted=len(rows), clock=clock)
            chunk, rows = rows[:granted], rows[granted:]
            now = clock.now()
            Delivery.objects.filter(pk__in=[d.pk for d in chunk]).update(
                status=DeliveryStatus.SENDING, updated_at=now
            )
            sent, stopped, failed = [], [], []
            for delivery in chunk:
                try:
                    sender.send(delivery)
                except OptedOut:
                    stopped.append(delivery.pk)
                except Exception as exc:  # any other failure (SMTP, gateway, bad data) is retried
                    failed.append((delivery, exc))
                else:
                    sent.append(delivery.pk)
            now = clock.now()
            if sent:
                Delivery.objects.filter(pk__in=sent).update(
                    status=DeliveryStatus.SENT,
                    sent_at=now,
                    updated_at=now,
                    attempts=F("attempts") + 1,
                    last_error="",
                )
            if stopped:
                Delivery.objects.filter(pk__in=stopped).update(
                    status=DeliveryStatus.FAILED,
                    updated_at=now,
                    attempts=F("attempts") + 1,
                    last_error=STOPPED,
                    next_attempt_at=None,
                )
            if failed:
                _record_failures(failed, now)
            Broadcast.objects.filter(pk=broadcast_id).update(heartbeat_at=now)
            sent_total += len(sent)
    finally:
        sender.close()
    return len(ids), sent_total


def _record_failures(failed: list[tuple[Delivery, Exception]], now: datetime) -> None:
    for delivery, exc in failed:
        attempts = delivery.attempts + 1
        delivery.attempts = attempts
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
        delivery.updated_at = now
        logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, attempts, exc)
        if attempts > len(RETRY_BACKOFF_MINUTES):
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + timedelta(minutes=RETRY_BACKOFF_MINUTES[attempts - 1])
    Delivery.objects.bulk_update(
        [d for d, _exc in failed],
        ["attempts", "last_error", "updated_at", "status", "next_attempt_at"],
    )


def broadcast_finish_if_done(*, broadcast_id: int, now: datetime) -> bool:
    """Mark a prepared broadcast done when none of its deliveries is still open."""
    open_deliveries = Delivery.objects.filter(
        broadcast_id=OuterRef("pk"), status__in=OPEN_DELIVERY_STATUSES
    )
    return bool(
        Broadcast.objects.filter(pk=broadcast_id, state=BroadcastState.SENDING)
        .exclude(Exists(open_deliveries))
        .update(state=BroadcastState.DONE, finished_at=now)
    )


# After a crash --------------------------------------------------------------------------


def broadcasts_resume(
    *,
    now: datetime | None = None,
    lease: timedelta = STALE_SENDING,
    broadcast_id: int | None = None,
) -> int:
    """Pick up what stopped workers left (see the module's docstring): claimed deliveries
    back to the queue, deliveries that were being sent to *unknown*, and the fan-out or
    sending of due broadcasts whose worker is gone queued again. Returns how many
    broadcasts were queued again."""
    now = now or datetime.now(tz=UTC)
    stale = now - lease
    deliveries = Delivery.objects.filter(broadcast__isnull=False, updated_at__lte=stale)
    if broadcast_id is not None:
        deliveries = deliveries.filter(broadcast_id=broadcast_id)
    deliveries.filter(status=DeliveryStatus.CLAIMED).update(
        status=DeliveryStatus.QUEUED, updated_at=now
    )
    deliveries.filter(status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.UNKNOWN,
        updated_at=now,
        last_error="The worker stopped while this message was being sent.",
    )
    if broadcast_id is not None:
        return 0
    requeued = 0
    due = Broadcast.objects.filter(
        Q(send_at__isnull=True) | Q(send_at__lte=now),
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lte=stale),
        state__in=[BroadcastState.SCHEDULED, BroadcastState.PREPARING, BroadcastState.SENDING],
    )
    for broadcast in due:
        Broadcast.objects.filter(pk=broadcast.pk).update(heartbeat_at=now)
        if broadcast.state == BroadcastState.SENDING:
            if broadcast_finish_if_done(broadcast_id=broadcast.pk, now=now):
                continue
            channels = (
                Delivery.objects.filter(
                    broadcast=broadcast,
                    status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING],
                )
                .values_list("channel", flat=True)
                .distinct()
            )
            for channel in sorted(set(channels)):
                _enqueue_deliver(broadcast.pk, channel)
        else:
            _enqueue_prepare(broadcast.pk)
        requeued += 1
    return requeued


def broadcast_unknown_requeue(*, broadcast: Broadcast, now: datetime | None = None) -> int:
    """The sender decided: send the unconfirmed deliveries again (some people may get the
    message twice). The caller checks the sender's permission."""
    now = now or datetime.now(tz=UTC)
    with transaction.atomic():
        count = Delivery.objects.filter(broadcast=broadcast, status=DeliveryStatus.UNKNOWN).update(
            status=DeliveryStatus.QUEUED, updated_at=now, last_error=""
        )
        if count:
            Broadcast.objects.filter(pk=broadcast.pk, state=BroadcastState.DONE).update(
                state=BroadcastState.SENDING, finished_at=None
            )
            channels = (
                Delivery.objects.filter(broadcast=broadcast, status=DeliveryStatus.QUEUED)
                .values_list("channel", flat=True)
                .distinct()
            )
            for channel in sorted(set(channels)):
                transaction.on_commit(
                    lambda channel=channel: _enqueue_deliver(broadcast.pk, channel)
                )
    return count
