"""The interpreter roster: languages an interpreter declares, availability, and the
coordinator's verification."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import User
from cms.roles import Role, has_role
from meetings.models import (
    Direction,
    InterpreterLanguage,
    InterpreterProfile,
    InterpretingMode,
)
from meetings.selectors import (
    forget_verified_languages,
    interpretation_languages,
)

# Roster ------------------------------------------------------------------------------


def interpreter_language_declare(
    *,
    actor: User,
    language: str,
    direction: str = Direction.BOTH,
    modes: list[str] | None = None,
) -> InterpreterLanguage:
    """An interpreter declares a language they are qualified in. It waits for a
    coordinator's verification before they can claim slots in it."""
    if not has_role(actor, Role.INTERPRETER):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if language not in dict(interpretation_languages()):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Please choose one of the options in the list.")]
    modes = list(dict.fromkeys(modes or []))
    if not modes or any(m not in InterpretingMode.values for m in modes):
        errors["modes"] = [_("Please choose at least one way you interpret.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile, _created = InterpreterProfile.objects.get_or_create(user=actor)
        entry, created = InterpreterLanguage.objects.get_or_create(
            profile=profile, language=language, defaults={"direction": direction, "modes": modes}
        )
        if not created:
            entry.direction = direction
            entry.modes = modes
            entry.save(update_fields=["direction", "modes"])
    return entry


def interpreter_availability_set(*, actor: User, availability_notes: str) -> InterpreterProfile:
    """An interpreter says when they are usually available."""
    if not has_role(actor, Role.INTERPRETER):
        raise PermissionDenied
    notes = (availability_notes or "").strip()
    if len(notes) > 2000:
        raise ValidationError(
            {
                "availability_notes": [
                    _("Please keep this under %(max)d characters.") % {"max": 2000}
                ]
            }
        )
    with transaction.atomic():
        profile, _created = InterpreterProfile.objects.get_or_create(user=actor)
        profile.availability_notes = notes
        profile.save(update_fields=["availability_notes"])
    return profile


def interpreter_language_verify(
    *,
    actor: User,
    entry: InterpreterLanguage,
    verified: bool = True,
    now: datetime | None = None,
) -> InterpreterLanguage:
    """A coordinator verifies (or withdraws verification of) one interpreter's language:
    who verified it and when are recorded."""
    if not actor.has_perm("meetings.coordinate"):
        raise PermissionDenied
    with transaction.atomic():
        entry = (
            InterpreterLanguage.objects.select_for_update()
            .select_related("profile__user")
            .get(pk=entry.pk)
        )
        if verified:
            if not has_role(entry.profile.user, Role.INTERPRETER):
                raise ValidationError(
                    _("Add this person to the Interpreters role before verifying a language.")
                )
            entry.verified_by = actor
            entry.verified_at = now or timezone.now()
        else:
            entry.verified_by = None
            entry.verified_at = None
        entry.save(update_fields=["verified_by", "verified_at"])
    forget_verified_languages(entry.profile.user)
    return entry
