"""One way to notify: every notice goes to each recipient in their language, over their
channel (email, SMS or none), and always into their in-app inbox.

    notification_send(kind="advisory.announcement", recipients=members, context={...})

Call it inside the action's transaction. The inbox entries and delivery records are written
with the action, so a rolled-back action leaves nothing behind; the deliveries are queued
as background tasks only after commit. A failed send is retried with backoff by the task
worker (or by ``manage.py send_reminders`` where the task backend cannot defer).

A notice about something that carries audio summaries recorded by people (a meeting, a
recommendation, an answer, an announcement) names it as ``"audio_of":
cms.audio.audio_key(item)``, in its context or from its kind's ``build``; each recipient whose language has a summary
gets a link to it at the end of the email, the inbox message and the text message.

Text comes from templates per kind, under ``templates/<app>/notifications/<name>/``:
``subject.txt``, ``body.txt`` (email text and the inbox message), ``sms.txt`` (320
characters at most) and ``inbox.txt`` (one line). The HTML email wraps the body in
``templates/cms/emails/notification.html``, with the recipient's ``lang`` and ``dir``.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cms.models import (
    ContactChannel,
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Notification,
    NotificationMute,
    ScheduledNotice,
    User,
)
from cms.models.notifications import OPTED_OUT_ERROR
from cms.queue import enqueue_or_log
from cms.sms import SMS_MAX_LENGTH, fit, send_sms
from cms.sms_inbound.services import conversations_set, is_opted_out, opted_out

logger = logging.getLogger(__name__)

# Minutes to wait before each retry; after the last one a delivery is marked failed.
RETRY_BACKOFF_MINUTES = (1, 5, 30, 120, 720)
STALE_SENDING = timedelta(minutes=15)


@dataclass(frozen=True)
class NoticeKind:
    key: str
    label: Promise
    mutable: bool = True
    # Builds extra template context for one language (e.g. a translated announcement).
    build: Callable[[str, dict], dict] | None = field(default=None, compare=False)

    @property
    def template_dir(self) -> str:
        app, name = self.key.split(".", 1)
        return f"{app}/notifications/{name}"


KINDS: dict[str, NoticeKind] = {}


def register_kind(
    key: str, label: Promise, *, mutable: bool = True, build: Callable | None = None
) -> NoticeKind:
    kind = NoticeKind(key=key, label=label, mutable=mutable, build=build)
    KINDS[key] = kind
    return kind


def _reminder_context(language: str, context: dict) -> dict:
    from django.utils.dateparse import parse_datetime

    when = parse_datetime(context["when"]) if context.get("when") else None
    return {"when": timezone.localtime(when) if when else None}


register_kind("cms.reminder", _("Reminders before meetings and deadlines"), build=_reminder_context)


def mutable_kinds() -> list[NoticeKind]:
    return [k for k in KINDS.values() if k.mutable]


def _language_for(user: User) -> str:
    codes = dict(settings.LANGUAGES)
    return user.preferred_language if user.preferred_language in codes else settings.LANGUAGE_CODE


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _audio_url(summary_id: int | None) -> str:
    """The listening page of a summary, in the active language."""
    if not summary_id:
        return ""
    from django.urls import reverse

    return _absolute(reverse("audio:listen", kwargs={"pk": summary_id}))


def _audio_line(url: str) -> str:
    """The sentence with the link to the summary, in the active language."""
    if not url:
        return ""
    return " ".join(render_to_string("cms/notifications/audio_line.txt", {"url": url}).split())


def _render(
    kind: NoticeKind, language: str, context: dict, audio: dict[str, dict[str, int]] | None = None
) -> dict[str, str]:
    """One notice in one language. ``audio`` caches each item's audio summaries by key
    across the languages of one send (one query per item)."""
    audio = {} if audio is None else audio
    with translation.override(language):
        ctx = dict(context)
        if kind.build:
            ctx.update(kind.build(language, context))
        url = ctx.get("url")
        if callable(url):
            url = url(language)
        ctx["url"] = _absolute(url or "")
        ctx["site_name"] = settings.SITE_NAME
        base = kind.template_dir

        def one_line(name: str) -> str:
            return " ".join(render_to_string(f"{base}/{name}", ctx).split())

        body = render_to_string(f"{base}/body.txt", ctx).strip()
        sms = render_to_string(f"{base}/sms.txt", ctx)
        key = ctx.get("audio_of") or ""
        if key and key not in audio:
            audio[key] = _audio_summaries(key)
        audio_url = _audio_url(audio.get(key, {}).get(language))
        listen = _audio_line(audio_url)
        if listen:
            # The link to the recording is never cut off the end of a text message.
            body = f"{body}\n\n{listen}"
            sms = f"{fit(sms, SMS_MAX_LENGTH - len(listen) - 1)} {listen}"
        return {
            "subject": one_line("subject.txt")[:200],
            "line": one_line("inbox.txt")[:300],
            "body": body,
            "sms_text": fit(sms),
            "url": ctx["url"],
            "audio_url": audio_url,
        }


def _channels(users: list[User], kind: NoticeKind) -> dict[int, list[str]]:
    """The channels each person is reached on, in two queries for any number of people."""
    from allauth.account.models import EmailAddress

    ids = [u.pk for u in users]
    muted = set()
    if kind.mutable:
        muted = set(
            NotificationMute.objects.filter(user_id__in=ids, kind=kind.key).values_list(
                "user_id", flat=True
            )
        )
    verified = {
        (uid, email.lower())
        for uid, email in EmailAddress.objects.filter(user_id__in=ids, verified=True).values_list(
            "user_id", "email"
        )
    }
    # A number that replied STOP (in any language) gets no text, whatever the profile says.
    stopped = opted_out(
        str(u.phone) for u in users if u.contact_channel == ContactChannel.SMS and u.phone
    )
    result: dict[int, list[str]] = {}
    for user in users:
        channels: list[str] = []
        if user.pk not in muted:
            email_ok = bool(user.email) and (user.pk, user.email.lower()) in verified
            if user.contact_channel == ContactChannel.EMAIL and email_ok:
                channels.append(DeliveryChannel.EMAIL)
            elif (
                user.contact_channel == ContactChannel.SMS
                and user.phone
                and user.phone_verified
                and str(user.phone) not in stopped
            ):
                channels.append(DeliveryChannel.SMS)
        result[user.pk] = channels
    return result


def notification_send(
    *,
    kind: str,
    recipients: Iterable[User],
    context: dict | None = None,
    url: str | Callable[[str], str] = "",
    source_key: str = "",
    sms_conversation: tuple[str, dict] | None = None,
) -> list[Notification]:
    """Create an inbox entry per recipient and queue their email/SMS after commit.

    ``sms_conversation`` (a registered SMS handler and its data) makes a reply to the text
    answer this notice, for each recipient who gets it by SMS ("Reply 1 yes, 2 maybe")."""
    notice_kind = KINDS[kind]
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return []
    people = list(users.values())
    channels = _channels(people, notice_kind)
    rendered_by_language: dict[str, dict[str, str]] = {}
    base_context = {**(context or {}), "url": url}
    audio: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        notifications = []
        for user in people:
            language = _language_for(user)
            if language not in rendered_by_language:
                rendered_by_language[language] = _render(notice_kind, language, base_context, audio)
            notifications.append(
                Notification(
                    recipient=user,
                    kind=kind,
                    language=language,
                    source_key=source_key,
                    **rendered_by_language[language],
                )
            )
        Notification.objects.bulk_create(notifications)
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(notification=n, channel=channel)
                for n in notifications
                for channel in channels[n.recipient_id]
            ]
        )
        if sms_conversation is not None:
            handler, data = sms_conversation
            conversations_set(
                people=[(str(u.phone), u) for u in people if DeliveryChannel.SMS in channels[u.pk]],
                handler=handler,
                data=data,
            )
        ids = [d.pk for d in deliveries]
        if ids:
            transaction.on_commit(lambda: _enqueue(ids))
    return notifications


def _audio_summaries(key: str | None) -> dict[str, int]:
    if not key:
        return {}
    from cms.audio.selectors import audio_summary_ids

    return audio_summary_ids(key)


def _enqueue(delivery_ids: list[int], run_after: datetime | None = None) -> None:
    for delivery_id in delivery_ids:  # if not queued, the sweeper in send_reminders sends it
        enqueue_or_log("cms.tasks.deliver", delivery_id, run_after=run_after)


def email_parts(notification: Notification) -> tuple[str, str]:
    """The text and HTML of a notification's email. They depend only on the notification's
    language, subject, body and link, so a batch of one broadcast renders them once per
    language (``cms.broadcasts``), not once per recipient."""
    with translation.override(notification.language):
        context = {
            "notification": notification,
            "site_name": settings.SITE_NAME,
            "preferences_url": _absolute(_profile_url()),
            "bidi": translation.get_language_bidi(),
            "LANGUAGE_CODE": notification.language,
        }
        text = render_to_string("cms/emails/notification.txt", context)
        html = render_to_string("cms/emails/notification.html", context)
    return text, html


def email_build(
    notification: Notification, to: str, parts: tuple[str, str], connection=None
) -> EmailMultiAlternatives:
    text, html = parts
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Content-Language": notification.language},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _email_message(notification: Notification, user: User) -> EmailMultiAlternatives:
    return email_build(notification, user.email, email_parts(notification))


def _profile_url() -> str:
    from django.urls import reverse

    return reverse("cms:profile")


def delivery_attempt(*, delivery_id: int, now: datetime | None = None) -> str:
    """Try one delivery. Claims it first, so two workers never send it twice."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]
    ).update(status=DeliveryStatus.SENDING, updated_at=now)
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    notification = delivery.notification
    user = notification.recipient
    try:
        if delivery.channel == DeliveryChannel.EMAIL:
            if not user.email:
                raise ValueError("no email address")
            _email_message(notification, user).send(fail_silently=False)
        else:
            if not user.phone:
                raise ValueError("no phone number")
            if is_opted_out(str(user.phone)):
                # STOP ends every text at once, also those queued before it arrived.
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=DeliveryStatus.FAILED,
                    attempts=delivery.attempts + 1,
                    last_error=OPTED_OUT_ERROR,
                    next_attempt_at=None,
                )
                return "stopped"
            send_sms(str(user.phone), notification.sms_text)
    except Exception as exc:  # any failure (SMTP, gateway, bad data) is recorded and retried
        return _record_failure(delivery, exc, now)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=now, attempts=delivery.attempts + 1, last_error=""
    )
    return "sent"


def _record_failure(delivery: Delivery, exc: Exception, now: datetime) -> str:
    attempts = delivery.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:500]
    logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, attempts, error)
    if attempts > len(RETRY_BACKOFF_MINUTES):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED,
            attempts=attempts,
            last_error=error,
            next_attempt_at=None,
        )
        return "failed"
    next_at = now + timedelta(minutes=RETRY_BACKOFF_MINUTES[attempts - 1])
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRYING, attempts=attempts, last_error=error, next_attempt_at=next_at
    )
    from django_tasks import default_task_backend

    if default_task_backend.supports_defer:
        _enqueue([delivery.pk], run_after=next_at)
    return "retrying"


def deliveries_retry_due(*, now: datetime | None = None) -> int:
    """Send again what is due: retries whose time has come, deliveries whose queueing was
    lost, and sends a crashed worker left half-done. Not a broadcast's deliveries:
    ``cms.broadcasts.broadcasts_resume`` looks after those."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.QUEUED, created_at__lte=now - STALE_SENDING)
        | Q(status=DeliveryStatus.SENDING, updated_at__lte=now - STALE_SENDING),
        broadcast__isnull=True,  # a broadcast's are sent in throttled batches (cms.broadcasts)
    ).values_list("pk", flat=True)
    ids = list(due)
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.RETRYING
    )
    for delivery_id in ids:
        delivery_attempt(delivery_id=delivery_id, now=now)
    return len(ids)


def scheduled_notice_create(
    *,
    kind: str,
    send_at: datetime,
    recipients: Iterable[User],
    context: dict | None = None,
    url: str = "",
    source_key: str = "",
) -> ScheduledNotice:
    """Schedule a notice (a reminder). With a ``source_key`` the previous unsent notice of
    the same source is replaced, so a changed date never sends two reminders."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind}")
    with transaction.atomic():
        if source_key:
            ScheduledNotice.objects.filter(source_key=source_key, sent_at__isnull=True).delete()
        notice = ScheduledNotice.objects.create(
            kind=kind, send_at=send_at, context=context or {}, url=url, source_key=source_key
        )
        notice.recipients.set(list(recipients))
    return notice


def scheduled_notices_send_due(*, now: datetime | None = None) -> int:
    """Send every scheduled notice whose time has come (each exactly once)."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            notice = (
                ScheduledNotice.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, send_at__lte=now)
                .order_by("send_at", "pk")
                .first()
            )
            if notice is None:
                return sent
            if notice.kind in KINDS:
                notification_send(
                    kind=notice.kind,
                    recipients=notice.recipients.filter(is_active=True),
                    context=notice.context,
                    url=notice.url,
                    source_key=notice.source_key,
                )
            notice.sent_at = now
            notice.save(update_fields=["sent_at"])
            sent += 1


def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of the actor's own notifications read."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def mutes_set(*, actor: User, user: User, muted: Iterable[str]) -> set[str]:
    """Choose which kinds of notices come by email/SMS (the inbox keeps everything)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    if not actor.has_perm("cms.change_profile", user):
        raise PermissionDenied
    allowed = {k.key for k in mutable_kinds()}
    wanted = set(muted)
    if wanted - allowed:
        raise ValidationError(_("Please choose from the list."))
    with transaction.atomic():
        NotificationMute.objects.filter(user=user).exclude(kind__in=wanted).delete()
        existing = set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True))
        NotificationMute.objects.bulk_create(
            [NotificationMute(user=user, kind=k) for k in wanted - existing]
        )
    return wanted
