"""Texts that need a person: answering one by text, and the district's inbox of texts
from numbers linked to no account.

A group's facilitators see their members' texts (advisory/services/sms_inbox.py); a text
from a number linked to no account reaches no group, so it waits here for the district's
administrators, who answer it or mark it dealt with once they have added the number to the
right person's account. The phone numbers shown here are seen by administrators only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import InboundSms, InboundStatus, User
from cms.sms import SMS_MAX_LENGTH
from cms.sms_inbound.services import inbound_resolve, is_opted_out, sms_queue


def sms_answer_send(*, message: InboundSms, actor: User, text: str) -> None:
    """Queue ``text`` to the sender of ``message`` and mark it answered. The caller has
    checked that ``actor`` may answer it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Please write the answer.")]})
    if len(text) > SMS_MAX_LENGTH:
        raise ValidationError(
            {
                "text": [
                    _("Please keep the answer under %(max)d characters.") % {"max": SMS_MAX_LENGTH}
                ]
            }
        )
    if is_opted_out(message.from_phone):
        raise ValidationError(
            {"text": [_("This family replied STOP: we cannot send them text messages.")]}
        )
    with transaction.atomic():
        sms_queue(
            to=message.from_phone,
            messages=[text],
            user=message.user,
            in_reply_to=message,
            sent_by=actor,
        )
        inbound_resolve(message=message, actor=actor, note="answered")


def _check(actor: User, message: InboundSms) -> None:
    if not actor.has_perm("cms.answer_unknown_texts") or message.status != InboundStatus.UNKNOWN:
        raise PermissionDenied


def unknown_text_answer(*, actor: User, message: InboundSms, text: str) -> None:
    """A district administrator answers a text from an unknown number."""
    _check(actor, message)
    sms_answer_send(message=message, actor=actor, text=text)


def unknown_text_resolve(*, actor: User, message: InboundSms) -> None:
    """A district administrator marks a text from an unknown number dealt with."""
    _check(actor, message)
    inbound_resolve(message=message, actor=actor, note="dealt with")
