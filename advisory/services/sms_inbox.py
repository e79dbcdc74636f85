"""The facilitators' inbox of text messages nobody's program understood: answer one, turn
one into a concern on the family's behalf, or mark it dealt with. Every action is written
to the group's moderation log."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from advisory.models import AdvisoryGroup, Concern, Membership, ModerationLog, Phase, Round
from advisory.rules import is_group_facilitator
from cms.models import InboundSms, User
from cms.sms_inbound.inbox import sms_answer_send
from cms.sms_inbound.links import short_url
from cms.sms_inbound.services import inbound_resolve, sms_queue


def _check(actor: User, group: AdvisoryGroup, message: InboundSms) -> None:
    """Only a facilitator of the group, about a message from one of its members."""
    if not (is_group_facilitator(actor, group) or actor.has_perm("advisory.moderate", group)):
        raise PermissionDenied
    if (
        message.user_id is None
        or not Membership.objects.filter(group=group, user_id=message.user_id).exists()
    ):
        raise PermissionDenied


def _log(actor: User, group: AdvisoryGroup, action: str, note: str, concern=None) -> None:
    ModerationLog.objects.create(
        group=group, actor=actor, action=action, concern=concern, note=note[:300]
    )


def sms_message_answer(
    *, actor: User, group: AdvisoryGroup, message: InboundSms, text: str
) -> None:
    """Answer a family's text by text (in the words the facilitator writes)."""
    _check(actor, group, message)
    with transaction.atomic():
        sms_answer_send(message=message, actor=actor, text=text)
        _log(actor, group, "sms_answer", text.strip())


def sms_message_to_concern(
    *,
    actor: User,
    group: AdvisoryGroup,
    message: InboundSms,
    round_: Round,
    title: str,
    text: str,
) -> Concern:
    """Turn a family's text into a concern of theirs (added on their behalf: the concern
    records who added it), ask for its translations, and tell the family by text."""
    from advisory.services.translations import translations_request
    from advisory.sms_texts import concern_saved

    _check(actor, group, message)
    errors = {}
    if round_.group_id != group.pk:
        errors["round"] = [_("Choose a round of this group.")]
    elif round_.phase != Phase.COLLECTING:
        errors["round"] = [_("This round is not collecting concerns now.")]
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        errors["title"] = [_("Please give the concern a short title.")]
    if not text:
        errors["text"] = [_("Please write the concern.")]
    if errors:
        raise ValidationError(errors)
    family = message.user
    language = message.language or family.preferred_language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        concern = Concern.objects.create(
            round=round_,
            author=family,
            added_by=actor,
            title=title[:200],
            text=text[:5000],
            language=language,
        )
        translations_request(actor=None, item=concern)
        inbound_resolve(message=message, actor=actor, note=f"concern {concern.pk}")
        _log(actor, group, "sms_concern", title, concern)
        from django.utils import translation

        with translation.override(family.preferred_language):
            sms_queue(
                to=message.from_phone,
                messages=[concern_saved(short_url("c", concern.pk))],
                user=family,
                in_reply_to=message,
                sent_by=actor,
            )
    return concern


def sms_message_resolve(*, actor: User, group: AdvisoryGroup, message: InboundSms) -> None:
    _check(actor, group, message)
    with transaction.atomic():
        inbound_resolve(message=message, actor=actor, note="dealt with")
        _log(actor, group, "sms_resolved", message.body)
