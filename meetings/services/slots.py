"""Interpreter slots per meeting, language and mode, and the claims on them: create,
propose from demand, delete, claim (exactly one claim wins), release before the cutoff,
assign and unassign by a coordinator."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.languages import language_name
from cms.models import ScheduledNotice, User
from cms.notifications import notification_send, scheduled_notice_create
from cms.roles import ROLE_GROUPS, Role, has_role
from meetings import broadcast
from meetings.models import (
    InterpreterProfile,
    InterpreterSlot,
    InterpretingMode,
    MeetingPage,
    SlotClaim,
)
from meetings.notifications import SLOT_CONFIRMED, SLOT_OPENED, SLOT_REMINDER, SLOT_UNASSIGNED
from meetings.selectors import (
    interpretation_languages,
    language_demand,
    verified_languages_of,
)

# Slots -------------------------------------------------------------------------------


def _check_slot_fields(language: str, mode: str, starts_at, ends_at) -> None:
    errors: dict[str, list[str]] = {}
    if language not in dict(interpretation_languages()):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if mode not in InterpretingMode.values:
        errors["mode"] = [_("Please choose one of the options in the list.")]
    if starts_at is None:
        errors["starts_at"] = [_("Please give the start time.")]
    if ends_at is None:
        errors["ends_at"] = [_("Please give the end time.")]
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The slot must end after it starts.")]
    if errors:
        raise ValidationError(errors)


def _verified_interpreters(language: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            groups__name=ROLE_GROUPS[Role.INTERPRETER],
            interpreter_profile__languages__language=language,
            interpreter_profile__languages__verified_at__isnull=False,
        ).distinct()
    )


def _announce_open(slot: InterpreterSlot, exclude: User | None = None) -> None:
    recipients = [u for u in _verified_interpreters(slot.language) if u != exclude]
    notification_send(
        kind=SLOT_OPENED,
        recipients=recipients,
        context={"slot_id": slot.pk},
        source_key=f"slot:{slot.pk}:opened",
    )


def slot_create(
    *,
    actor: User,
    meeting: MeetingPage,
    language: str,
    mode: str = InterpretingMode.CONSECUTIVE,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    notes: str = "",
    proposed: bool = False,
) -> InterpreterSlot:
    """A coordinator opens a slot; every interpreter verified for its language is told."""
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    starts_at = starts_at or meeting.starts_at
    ends_at = ends_at or meeting.ends_at
    _check_slot_fields(language, mode, starts_at, ends_at)
    if ends_at <= timezone.now():
        raise ValidationError(_("This meeting is over: slots can no longer be added."))
    with transaction.atomic():
        slot = InterpreterSlot.objects.create(
            meeting_id=meeting.canonical_id,
            language=language,
            mode=mode,
            starts_at=starts_at,
            ends_at=ends_at,
            notes=(notes or "").strip()[:300],
            created_by=actor,
            proposed=proposed,
        )
        _announce_open(slot)
        broadcast.coverage_changed(slot.meeting_id)
    return slot


def slots_propose(*, actor: User, meeting: MeetingPage) -> list[InterpreterSlot]:
    """One consecutive slot over the whole meeting for each language families asked for
    that has no slot yet (the gaps)."""
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    meeting_id = meeting.canonical_id
    with transaction.atomic():
        # Lock the meeting row so two coordinators proposing at once do not double up.
        canonical = MeetingPage.objects.select_for_update().get(pk=meeting_id)
        demand = language_demand([meeting_id])[meeting_id]
        have = set(
            InterpreterSlot.objects.filter(meeting_id=meeting_id).values_list("language", flat=True)
        )
        created = [
            slot_create(actor=actor, meeting=canonical, language=language, proposed=True)
            for language in sorted(demand)
            if language not in have and language in dict(interpretation_languages())
        ]
    return created


def slot_delete(*, actor: User, slot: InterpreterSlot) -> None:
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    with transaction.atomic():
        meeting_id = slot.meeting_id
        for claim in SlotClaim.objects.filter(slot=slot, released_at__isnull=True).select_related(
            "interpreter"
        ):
            notification_send(
                kind=SLOT_UNASSIGNED,
                recipients=[claim.interpreter],
                context={"slot_id": slot.pk},
            )
        ScheduledNotice.objects.filter(
            source_key__startswith=f"slot:{slot.pk}:", sent_at__isnull=True
        ).delete()
        slot.delete()
        broadcast.coverage_changed(meeting_id)


# Claims ------------------------------------------------------------------------------


def _reminder_key(slot: InterpreterSlot, user: User) -> str:
    return f"slot:{slot.pk}:reminder:{user.pk}"


def _confirm(slot: InterpreterSlot, interpreter: User, now: datetime) -> None:
    notification_send(
        kind=SLOT_CONFIRMED,
        recipients=[interpreter],
        context={"slot_id": slot.pk},
        source_key=f"slot:{slot.pk}:confirmed",
    )
    remind_at = slot.starts_at - timedelta(hours=settings.MEETINGS_REMINDER_HOURS)
    if remind_at > now:
        scheduled_notice_create(
            kind=SLOT_REMINDER,
            send_at=remind_at,
            recipients=[interpreter],
            context={"slot_id": slot.pk},
            source_key=_reminder_key(slot, interpreter),
        )


def _cancel_reminder(slot: InterpreterSlot, user: User) -> None:
    ScheduledNotice.objects.filter(
        source_key=_reminder_key(slot, user), sent_at__isnull=True
    ).delete()


def _taken_message() -> str:
    return _("Sorry, another interpreter has already taken this slot.")


def _check_claimable(slot: InterpreterSlot, interpreter: User, now: datetime) -> None:
    if slot.starts_at <= now:
        raise ValidationError(_("This slot has already started or is over."))
    if slot.language not in verified_languages_of(interpreter):
        raise ValidationError(
            _(
                "Only interpreters verified for %(language)s can take this slot. "
                "Ask the coordinator to verify the language."
            )
            % {"language": language_name(slot.language)}
        )
    if SlotClaim.objects.filter(
        slot=slot, interpreter=interpreter, released_at__isnull=True
    ).exists():
        raise ValidationError(_("You have already taken this slot."))
    overlapping = SlotClaim.objects.filter(
        interpreter=interpreter,
        released_at__isnull=True,
        slot__starts_at__lt=slot.ends_at,
        slot__ends_at__gt=slot.starts_at,
    ).exclude(slot=slot)
    if overlapping.exists():
        raise ValidationError(_("You are already interpreting at another slot at that time."))


def _lock_for_claim(slot: InterpreterSlot, interpreter: User) -> InterpreterSlot:
    """The locks a claim takes, always in this order (so two claims never deadlock): the
    slot's own row, then the interpreter's profile row, both ``FOR UPDATE``.

    - The slot row: claims of the same slot are taken one after another (one active
      claim per slot is also a conditional unique constraint), and a slot being
      removed is not claimed. Claims of *other* slots of the same meeting take other
      rows and go ahead at the same time: nothing locks the meeting.
    - The interpreter's profile row: one person's claims are taken one after another, so
      the check that they are not already interpreting at an overlapping slot holds even
      when they claim two slots at once (two tabs, or a coordinator assigning them).
    """
    locked = InterpreterSlot.objects.select_for_update().filter(pk=slot.pk).first()
    if locked is None:
        raise ValidationError(_("The slot was removed."))
    list(InterpreterProfile.objects.select_for_update().filter(user=interpreter))
    return locked


def slot_claim(*, actor: User, slot: InterpreterSlot, now: datetime | None = None) -> SlotClaim:
    """A verified interpreter takes an open slot. Exactly one claim wins however many
    arrive at once (a conditional unique constraint, and the slot's row lock); the others
    are told it is taken. Only the slot's row and the interpreter's own profile row are
    locked (``_lock_for_claim``), so interpreters claiming different slots of one meeting
    never wait for each other."""
    if not has_role(actor, Role.INTERPRETER):
        raise PermissionDenied
    now = now or timezone.now()
    _check_claimable(slot, actor, now)  # a quick refusal without taking any lock
    try:
        with transaction.atomic():
            slot = _lock_for_claim(slot, actor)
            if SlotClaim.objects.filter(
                slot=slot, released_at__isnull=True, is_backup=False
            ).exists():
                raise IntegrityError  # taken while this claim waited for the slot's lock
            _check_claimable(slot, actor, now)
            claim = SlotClaim.objects.create(slot=slot, interpreter=actor, claimed_at=now)
            _cancel_reminder(slot, actor)
            _confirm(slot, actor, now)
            broadcast.coverage_changed(slot.meeting_id)
    except IntegrityError:
        already = SlotClaim.objects.filter(
            slot=slot, interpreter=actor, released_at__isnull=True, is_backup=False
        ).exists()
        if already:
            raise ValidationError(_("You have already taken this slot.")) from None
        raise ValidationError(_taken_message()) from None
    return claim


def release_cutoff(slot: InterpreterSlot) -> datetime:
    return slot.starts_at - timedelta(hours=settings.MEETINGS_RELEASE_CUTOFF_HOURS)


def slot_release(*, actor: User, slot: InterpreterSlot, now: datetime | None = None) -> SlotClaim:
    """An interpreter gives a slot back, until the cutoff; after it only a coordinator
    reassigns. Every verified interpreter for the language is told it is open."""
    now = now or timezone.now()
    with transaction.atomic():
        claim = (
            SlotClaim.objects.select_for_update()
            .filter(slot=slot, interpreter=actor, released_at__isnull=True, is_backup=False)
            .first()
        )
        if claim is None:
            raise ValidationError(_("You do not hold this slot."))
        if now >= release_cutoff(slot):
            raise ValidationError(
                _(
                    "It is too close to the meeting to release this slot here. "
                    "Please contact the interpreter coordinator."
                )
            )
        claim.released_at = now
        claim.released_by = actor
        claim.save(update_fields=["released_at", "released_by"])
        _cancel_reminder(slot, actor)
        _announce_open(slot, exclude=actor)
        broadcast.coverage_changed(slot.meeting_id)
    return claim


def slot_assign(
    *,
    actor: User,
    slot: InterpreterSlot,
    interpreter: User,
    backup: bool = False,
    now: datetime | None = None,
) -> SlotClaim:
    """A coordinator assigns a verified interpreter to a slot (or as its backup), under
    the same two row locks as a claim (``_lock_for_claim``)."""
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    now = now or timezone.now()
    if not has_role(interpreter, Role.INTERPRETER):
        raise ValidationError({"interpreter": [_("This person is not on the interpreter roster.")]})
    try:
        _check_claimable(slot, interpreter, now)
    except ValidationError as exc:
        raise ValidationError({"interpreter": exc.messages}) from None
    try:
        with transaction.atomic():
            slot = _lock_for_claim(slot, interpreter)  # the same locks as slot_claim
            try:
                _check_claimable(slot, interpreter, now)
            except ValidationError as exc:
                raise ValidationError({"interpreter": exc.messages}) from None
            claim = SlotClaim.objects.create(
                slot=slot,
                interpreter=interpreter,
                is_backup=backup,
                assigned_by=actor,
                claimed_at=now,
            )
            _confirm(slot, interpreter, now)
            broadcast.coverage_changed(slot.meeting_id)
    except IntegrityError:
        if backup:
            raise ValidationError(_("This slot already has a backup. Remove them first.")) from None
        raise ValidationError(
            _("This slot already has an interpreter. Remove them first.")
        ) from None
    return claim


def claim_unassign(*, actor: User, claim: SlotClaim, now: datetime | None = None) -> SlotClaim:
    """A coordinator removes an interpreter (or backup) from a slot, at any time."""
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        claim = (
            SlotClaim.objects.select_for_update()
            .select_related("slot", "interpreter")
            .get(pk=claim.pk)
        )
        if claim.released_at is not None:
            raise ValidationError(_("This interpreter was already removed."))
        claim.released_at = now
        claim.released_by = actor
        claim.save(update_fields=["released_at", "released_by"])
        _cancel_reminder(claim.slot, claim.interpreter)
        notification_send(
            kind=SLOT_UNASSIGNED, recipients=[claim.interpreter], context={"slot_id": claim.slot_id}
        )
        if not claim.is_backup and claim.slot.ends_at > now:
            _announce_open(claim.slot, exclude=claim.interpreter)
        broadcast.coverage_changed(claim.slot.meeting_id)
    return claim
