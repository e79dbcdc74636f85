"""The inbound core: store every message as it arrived, then read it once.

    inbound_receive(params=request.POST)   # from the webhook (or sms_simulate)

1. The raw message is saved first, in its own transaction, keyed by the provider's
   message id (a unique constraint): a provider retry finds the row and changes nothing,
   so a retried vote is never counted twice.
2. One process claims the message (received → processing) and reads it: rate limit per
   number (the Django cache, so it holds across workers with Redis), STOP / START / HELP
   in any site language, unknown numbers, then the phone's current conversation, whose
   feature handler (registered by the feature app) does the work through its services.
3. Whatever happens, the message stays: not understood, over the rate limit or failing,
   it is marked so and waits in the facilitators' inbox, and the family gets a short
   answer saying what they can reply (never silence, except after STOP).

Replies are recorded as :class:`OutboundSms` and sent by a background task after commit
through the configured SMS backend (``cms.sms``), the same one notices use.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.models import (
    InboundSms,
    InboundStatus,
    OutboundSms,
    OutboundStatus,
    SmsConversation,
    SmsOptOut,
    User,
)
from cms.models.notifications import OPTED_OUT_ERROR
from cms.queue import enqueue_or_log
from cms.sms_inbound.keywords import keyword_word, match_keyword, parse_numbers
from cms.sms_inbound.registry import HANDLERS, KEEP, Inbound, Reply
from cms.sms_inbound.segments import count_segments

logger = logging.getLogger(__name__)

CONVERSATION_HOURS_DEFAULT = 72


def normalise_sender(value: str) -> str:
    """E.164 where the number can be read (so it matches ``User.phone``), else as sent."""
    from django.core.exceptions import ValidationError

    from cms.phones import normalise_phone

    value = (value or "").strip()
    try:
        return normalise_phone(value)
    except ValidationError:
        import phonenumbers

        try:
            number = phonenumbers.parse(value, getattr(settings, "PHONE_DEFAULT_REGION", "US"))
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return value[:32]


def _detected_language(user: User | None, keyword_language: str = "") -> str:
    """The language a text is known to be in: the person's own, else that of the keyword
    they sent; "" when neither is a site language (the text is stored and shown so)."""
    codes = dict(settings.LANGUAGES)
    if user is not None and user.preferred_language in codes:
        return user.preferred_language
    return keyword_language if keyword_language in codes else ""


def _language(user: User | None, fallback: str = "") -> str:
    """The language to answer in: the detected one, else the site's default."""
    return _detected_language(user, fallback) or settings.LANGUAGE_CODE


def _words(language: str) -> dict[str, str]:
    return {
        "help": keyword_word("help", language),
        "stop": keyword_word("stop", language),
        "start": keyword_word("start", language),
        "site": settings.SITE_NAME,
    }


# Opt-out -------------------------------------------------------------------------------


def opted_out(phones: Iterable[str]) -> set[str]:
    """The numbers among ``phones`` that replied STOP (one query)."""
    phones = [str(p) for p in phones if p]
    if not phones:
        return set()
    return set(SmsOptOut.objects.filter(phone__in=phones).values_list("phone", flat=True))


def is_opted_out(phone: str) -> bool:
    return bool(opted_out([phone]))


# Conversations -------------------------------------------------------------------------


def conversation_ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "SMS_CONVERSATION_HOURS", CONVERSATION_HOURS_DEFAULT))


def conversation_set(
    *, phone: str, user: User | None, handler: str, data: dict, now: datetime | None = None
) -> SmsConversation:
    """Make ``handler`` the question a reply from ``phone`` answers (until it expires)."""
    if handler not in HANDLERS:
        raise ValueError(f"unknown SMS handler {handler}")
    expires = (now or timezone.now()) + conversation_ttl()
    conversation, _created = SmsConversation.objects.update_or_create(
        phone=str(phone),
        defaults={"user": user, "handler": handler, "data": data, "expires_at": expires},
    )
    return conversation


def conversations_set(
    *,
    people: Iterable[tuple[str, User | None]],
    handler: str,
    data: dict,
    now: datetime | None = None,
) -> None:
    """:func:`conversation_set` for many ``(phone, user)`` at once, in one query."""
    if handler not in HANDLERS:
        raise ValueError(f"unknown SMS handler {handler}")
    expires = (now or timezone.now()) + conversation_ttl()
    rows = {
        str(phone): SmsConversation(
            phone=str(phone), user=user, handler=handler, data=data, expires_at=expires
        )
        for phone, user in people
    }  # one row per phone: an upsert may not touch the same row twice
    SmsConversation.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["phone"],
        update_fields=["user", "handler", "data", "expires_at", "updated_at"],
    )


def conversation_current(phone: str, now: datetime | None = None) -> SmsConversation | None:
    return SmsConversation.objects.filter(
        phone=str(phone), expires_at__gt=now or timezone.now()
    ).first()


def conversation_clear(phone: str) -> None:
    SmsConversation.objects.filter(phone=str(phone)).delete()


# Sending -------------------------------------------------------------------------------


def sms_queue(
    *,
    to: str,
    messages: Iterable[str],
    user: User | None = None,
    in_reply_to: InboundSms | None = None,
    sent_by: User | None = None,
    even_if_stopped: bool = False,
) -> list[OutboundSms]:
    """Record texts to send and send them after commit. A number that said STOP gets
    nothing (except the one confirmation of the STOP itself)."""
    to = str(to)
    if not even_if_stopped and is_opted_out(to):
        return []
    rows = []
    for body in messages:
        body = (body or "").strip()
        if not body:
            continue
        count = count_segments(body)
        rows.append(
            OutboundSms(
                to_phone=to,
                user=user,
                body=body,
                encoding=count.encoding,
                segments=count.segments,
                in_reply_to=in_reply_to,
                sent_by=sent_by,
            )
        )
    created = OutboundSms.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    for outbound_id in ids:  # if not queued, it stays recorded as queued for the operator
        enqueue_or_log("cms.tasks.send_outbound_sms", outbound_id)


def outbound_send(*, outbound_id: int) -> str:
    """Send one recorded text (claimed first, so two workers never send it twice)."""
    from cms.sms import get_backend

    claimed = OutboundSms.objects.filter(pk=outbound_id, status=OutboundStatus.QUEUED).update(
        status=OutboundStatus.SENT
    )
    if not claimed:
        return "skipped"
    outbound = OutboundSms.objects.select_related("in_reply_to").get(pk=outbound_id)
    confirms_stop = outbound.in_reply_to is not None and outbound.in_reply_to.handler == "stop"
    if not confirms_stop and is_opted_out(outbound.to_phone):
        # A STOP that arrived after this was queued still stops it.
        OutboundSms.objects.filter(pk=outbound_id).update(
            status=OutboundStatus.FAILED, error=OPTED_OUT_ERROR
        )
        return "stopped"
    try:
        provider_id = get_backend().send(outbound.to_phone, outbound.body)
    except Exception as exc:  # noqa: BLE001 - any backend's failure is recorded on the text
        # The gateway's refusal or silence (SmsError), a console or file backend that cannot
        # write (OSError), a wrong SMS_BACKEND (ImportError), or whatever a third-party
        # backend raises: the text is marked failed with the reason, and the answer kept.
        OutboundSms.objects.filter(pk=outbound_id).update(
            status=OutboundStatus.FAILED, error=str(exc)[:300]
        )
        return "failed"
    OutboundSms.objects.filter(pk=outbound_id).update(provider_id=str(provider_id)[:64])
    return "sent"


# Receiving -----------------------------------------------------------------------------


def inbound_receive(*, params: dict, now: datetime | None = None) -> InboundSms:
    """Store a message as the provider sent it, then read it (once)."""
    sid = str(params.get("MessageSid") or params.get("SmsSid") or "").strip()[:64]
    if not sid:
        raise ValueError("a message without MessageSid")
    phone = normalise_sender(str(params.get("From", "")))
    try:
        with transaction.atomic():
            message = InboundSms.objects.create(
                message_sid=sid,
                from_phone=phone,
                to_phone=str(params.get("To", ""))[:32],
                body=str(params.get("Body", "")),
                raw={k: str(v) for k, v in dict(params).items()},
            )
    except IntegrityError:
        # A retry of a message we already have: nothing is done twice.
        return InboundSms.objects.get(message_sid=sid)
    inbound_process(message_id=message.pk, now=now)
    message.refresh_from_db()
    return message


def _rate_limited(phone: str, now: datetime) -> tuple[bool, bool]:
    """(over the limit, first message over it) for this number in the current window."""
    limit = int(getattr(settings, "SMS_INBOUND_RATE_LIMIT", 10))
    window = int(getattr(settings, "SMS_INBOUND_RATE_WINDOW", 60))
    key = f"sms-inbound:{phone}:{int(now.timestamp()) // window}"
    cache.add(key, 0, timeout=window * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window * 2)
        count = 1
    return count > limit, count == limit + 1


def inbound_process(*, message_id: int, now: datetime | None = None) -> str:
    """Read one stored message and answer it. Returns its new status."""
    now = now or timezone.now()
    claimed = InboundSms.objects.filter(pk=message_id, status=InboundStatus.RECEIVED).update(
        status=InboundStatus.PROCESSING
    )
    if not claimed:
        return "skipped"
    message = InboundSms.objects.get(pk=message_id)
    user = User.objects.filter(phone=message.from_phone, is_active=True).first()
    try:
        with transaction.atomic():
            status, handler, note, replies, detected = _read(message, user, now)
            _finish(message, user, status, handler, note, detected)
            if replies:
                sms_queue(
                    to=message.from_phone,
                    messages=replies,
                    user=user,
                    in_reply_to=message,
                    even_if_stopped=handler == "stop",
                )
    except Exception:
        logger.exception("text message %s could not be read", message_id)
        language = _language(user)
        with transaction.atomic():
            _finish(message, user, InboundStatus.UNPARSED, "", "error", _detected_language(user))
            with translation.override(language):
                sms_queue(
                    to=message.from_phone,
                    messages=_not_understood(language, None),
                    user=user,
                    in_reply_to=message,
                )
        return InboundStatus.UNPARSED
    return status


def _finish(message, user, status, handler, note, language) -> None:
    InboundSms.objects.filter(pk=message.pk).update(
        status=status, handler=handler[:40], note=note[:300], user=user, language=language
    )


def _read(message: InboundSms, user: User | None, now: datetime):
    """(status, handler, note, replies, detected language or "") for one message."""
    phone = message.from_phone
    keyword = match_keyword(message.body)
    keyword_language = keyword[1] if keyword else ""
    detected = _detected_language(user, keyword_language)
    language = detected or settings.LANGUAGE_CODE
    with translation.override(language):
        words = _words(language)
        limited, first_over = _rate_limited(phone, now)
        # STOP and START always count (carrier rules), even over the rate limit; only
        # their confirmation is held back then.
        if keyword and keyword[0] == "stop":
            SmsOptOut.objects.get_or_create(
                phone=phone, defaults={"user": user, "keyword": message.body.strip()[:40]}
            )
            conversation_clear(phone)
            replies = [] if limited else [_stop_text(words)]
            return InboundStatus.HANDLED, "stop", "", replies, detected
        if keyword and keyword[0] == "start":
            SmsOptOut.objects.filter(phone=phone).delete()
            replies = [] if limited else [_start_text(words)]
            return InboundStatus.HANDLED, "start", "", replies, detected
        if limited:
            replies = [_rate_limit_text()] if first_over else []
            return InboundStatus.RATE_LIMITED, "", "", replies, detected
        if is_opted_out(phone):
            # They said STOP: keep what they wrote for a person to read, send nothing.
            return InboundStatus.OPTED_OUT, "", "", [], detected
        if keyword and keyword[0] == "help":
            return InboundStatus.HANDLED, "help", "", [help_text(language)], detected
        if user is None:
            reply = _unknown_text(words)
            return InboundStatus.UNKNOWN, "", "", [reply], detected

        conversation = conversation_current(phone, now)
        handler = HANDLERS.get(conversation.handler) if conversation else None
        if handler is None:
            return InboundStatus.UNPARSED, "", "", _not_understood(language, None), detected
        inbound = Inbound(
            message=message,
            user=user,
            language=language,
            text=message.body.strip(),
            numbers=parse_numbers(message.body),
            data=dict(conversation.data),
        )
        reply: Reply | None = handler.handle(inbound)
        if reply is None or not reply.understood:
            extra = reply.messages if reply is not None else []
            # The handler's own messages say what to reply; otherwise its options do.
            sorry = _not_understood(
                language, extra[0] if extra else handler.options(conversation.data)
            )
            return InboundStatus.UNPARSED, handler.key, "", [*sorry, *extra[1:]], detected
        if reply.next is None:
            conversation_clear(phone)
        elif reply.next != KEEP:
            key, data = reply.next
            conversation_set(phone=phone, user=user, handler=key, data=data, now=now)
        return InboundStatus.HANDLED, handler.key, reply.note, reply.messages, detected


def help_text(language: str, contact: str | None = None) -> str:
    with translation.override(language):
        words = _words(language)
        if contact is None:
            contact = getattr(settings, "SMS_HELP_CONTACT", "")
        if contact:
            return _(
                "%(site)s runs these texts for family advisory groups. To reach a person, "
                "call or text %(contact)s. Reply %(stop)s to stop."
            ) % {**words, "contact": contact}
        return (
            _(
                "%(site)s runs these texts for family advisory groups. To reach a person, "
                "ask your group's facilitator. Reply %(stop)s to stop."
            )
            % words
        )


def _not_understood(language: str, options: str | None) -> list[str]:
    """ "Sorry, we did not understand", then what the person can reply (a second text, so
    that each stays within two segments in every language)."""
    with translation.override(language):
        if options:
            return [_("Sorry, we did not understand. A person will read your message."), options]
        return [
            _(
                "Sorry, we did not understand. A person will read your message. "
                "Reply %(help)s for help, %(stop)s to stop."
            )
            % _words(language)
        ]


def _rate_limit_text() -> str:
    return _("You sent many messages at once. We kept them all; please wait a minute.")


def _stop_text(words: dict) -> str:
    return (
        _("%(site)s: you will get no more text messages from us. Reply %(start)s to start again.")
        % words
    )


def _start_text(words: dict) -> str:
    return (
        _("%(site)s: text messages are on again. Reply %(help)s for help, %(stop)s to stop.")
        % words
    )


def _unknown_text(words: dict) -> str:
    return (
        _(
            "%(site)s: this number is not linked to an account here. "
            "Ask your group's facilitator to add it. Reply %(stop)s to stop."
        )
        % words
    )


def register_core_prompts() -> None:
    """The core's own texts, for the two-segment test in every language."""
    from cms.sms_inbound.registry import register_prompt

    def words() -> dict[str, str]:
        return _words(translation.get_language() or settings.LANGUAGE_CODE)

    register_prompt("cms.help", lambda: help_text(translation.get_language(), ""))
    register_prompt(
        "cms.help_contact", lambda: help_text(translation.get_language(), "+1 202 555 0100")
    )
    register_prompt("cms.stop", lambda: _stop_text(words()))
    register_prompt("cms.start", lambda: _start_text(words()))
    register_prompt("cms.unknown", lambda: _unknown_text(words()))
    register_prompt("cms.rate_limit", _rate_limit_text)
    register_prompt(
        "cms.not_understood", lambda: _not_understood(translation.get_language(), None)[0]
    )
    register_prompt(
        "cms.not_understood_options",
        lambda: _not_understood(translation.get_language(), "-")[0],
    )


def inbound_resolve(*, message: InboundSms, actor: User, note: str = "") -> None:
    """Mark an inbox message dealt with (the feature app checks who may do it)."""
    InboundSms.objects.filter(pk=message.pk).update(
        status=InboundStatus.RESOLVED,
        resolved_by=actor,
        resolved_at=timezone.now(),
        note=(note or message.note)[:300],
    )
