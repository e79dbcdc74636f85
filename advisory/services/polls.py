"""Writes for quick polls: create, vote, close. Each checks permission itself, refuses bad
input with a ValidationError of field errors and changes nothing when it refuses."""

from datetime import datetime

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory import broadcast
from advisory.models import (
    AdvisoryGroup,
    Poll,
    PollChoice,
    PollChoiceTranslation,
    PollKind,
    PollTranslation,
    PollVote,
    ResultsShown,
)
from advisory.selectors import group_members
from cms.models import User
from cms.notifications import notification_send, register_kind

POLL_OPENED_KIND = "advisory.poll_opened"
QUESTION_MAX = 300
CHOICE_MAX = 200


def _clean_lines(values: list[str] | None) -> list[str]:
    return [v.strip() for v in (values or []) if v and v.strip()]


def poll_create(
    *,
    actor: User,
    group: AdvisoryGroup,
    question: str,
    language: str,
    kind: str,
    results_shown: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    choices: list[str],
    translations: dict[str, dict] | None = None,
    now: datetime | None = None,
) -> Poll:
    """Create a poll with its choices and any translations written by a person. When it is
    already open, the group's members are told in their language."""
    if not actor.has_perm("advisory.manage_polls", group):
        raise PermissionDenied
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    question = (question or "").strip()
    if not question:
        errors["question"] = [_("Please write the question.")]
    elif len(question) > QUESTION_MAX:
        errors["question"] = [
            _("Please keep the question under %(max)d characters.") % {"max": QUESTION_MAX}
        ]
    languages = dict(settings.LANGUAGES)
    if language not in languages:
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if kind not in PollKind.values:
        errors["kind"] = [_("Please choose one of the options in the list.")]
    if results_shown not in ResultsShown.values:
        errors["results_shown"] = [_("Please choose one of the options in the list.")]
    if opens_at is None:
        errors["opens_at"] = [_("Please give the date and time the poll opens.")]
    if closes_at is None:
        errors["closes_at"] = [_("Please give the date and time the poll closes.")]
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = [_("The poll must close after it opens.")]
    cleaned_choices = _clean_lines(choices)
    if len(set(cleaned_choices)) < 2:
        errors["choices"] = [_("Please give at least two different choices, one per line.")]
    elif len(set(cleaned_choices)) != len(cleaned_choices):
        errors["choices"] = [_("Each choice must be different. Please remove the repeated ones.")]
    elif any(len(c) > CHOICE_MAX for c in cleaned_choices):
        errors["choices"] = [
            _("Please keep each choice under %(max)d characters.") % {"max": CHOICE_MAX}
        ]

    cleaned_translations: dict[str, tuple[str, list[str]]] = {}
    for code, parts in (translations or {}).items():
        parts = parts or {}
        t_question = (parts.get("question") or "").strip()
        t_choices = _clean_lines(parts.get("choices"))
        if code == language or not (t_question or t_choices):
            continue
        if code not in languages:
            errors[f"question_{code}"] = [_("Please choose one of the languages in the list.")]
            continue
        if not t_question:
            errors[f"question_{code}"] = [
                _("Please translate the question too, or leave this translation empty.")
            ]
        elif len(t_question) > QUESTION_MAX:
            errors[f"question_{code}"] = [
                _("Please keep the question under %(max)d characters.") % {"max": QUESTION_MAX}
            ]
        if len(t_choices) != len(cleaned_choices):
            errors[f"choices_{code}"] = [
                _(
                    "Please translate every choice, one per line in the same order "
                    "(%(expected)d lines), or leave this translation empty."
                )
                % {"expected": len(cleaned_choices)}
            ]
        elif any(len(c) > CHOICE_MAX for c in t_choices):
            errors[f"choices_{code}"] = [
                _("Please keep each choice under %(max)d characters.") % {"max": CHOICE_MAX}
            ]
        cleaned_translations[code] = (t_question, t_choices)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        poll = Poll.objects.create(
            group=group,
            question=question,
            language=language,
            kind=kind,
            results_shown=results_shown,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=actor,
        )
        created = PollChoice.objects.bulk_create(
            [PollChoice(poll=poll, text=text, order=i) for i, text in enumerate(cleaned_choices)]
        )
        # bulk_create sets primary keys on SQLite and PostgreSQL; re-read to be safe elsewhere.
        if any(c.pk is None for c in created):
            created = list(poll.choices.order_by("order"))
        PollTranslation.objects.bulk_create(
            [
                PollTranslation(poll=poll, language=code, question=q, translated_by=actor)
                for code, (q, _c) in cleaned_translations.items()
            ]
        )
        PollChoiceTranslation.objects.bulk_create(
            [
                PollChoiceTranslation(choice=choice, language=code, text=text)
                for code, (_q, texts) in cleaned_translations.items()
                for choice, text in zip(created, texts, strict=True)
            ]
        )
        if poll.opens_at <= now < poll.closes_at:
            notification_send(
                kind=POLL_OPENED_KIND,
                recipients=group_members(group),
                context={"poll_id": poll.pk},
                source_key=f"poll:{poll.pk}",
            )
    return poll


def poll_vote(
    *, actor: User, poll: Poll, choice_ids: list[int], now: datetime | None = None
) -> PollVote:
    """Cast the actor's one vote in an open poll."""
    # The rules registry itself, not user.has_perm: Django lets superusers pass every
    # has_perm, and an administrator must not vote in a group they do not belong to.
    if not rules.has_perm("advisory.vote_poll", actor, poll):
        raise PermissionDenied
    now = now or timezone.now()
    ids: list[int] = []
    for value in choice_ids or []:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(
                {"choices": [_("Please choose from this poll's answers.")]}
            ) from None
        if number not in ids:
            ids.append(number)
    with transaction.atomic():
        # Read the poll again inside the transaction: it may have been closed meanwhile.
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if now < current.opens_at:
            raise ValidationError({"choices": [_("This poll is not open yet.")]})
        if now >= current.closes_at:
            raise ValidationError({"choices": [_("This poll is closed.")]})
        if not ids:
            raise ValidationError({"choices": [_("Please choose an answer.")]})
        if current.kind == PollKind.SINGLE and len(ids) > 1:
            raise ValidationError({"choices": [_("Please choose only one answer.")]})
        valid = set(
            PollChoice.objects.filter(poll=current, pk__in=ids).values_list("pk", flat=True)
        )
        if valid != set(ids):
            raise ValidationError({"choices": [_("Please choose from this poll's answers.")]})
        already = _("You have already voted in this poll.")
        if PollVote.objects.filter(poll=current, member=actor).exists():
            raise ValidationError({"choices": [already]})
        try:
            with transaction.atomic():
                vote = PollVote.objects.create(poll=current, member=actor)
        except IntegrityError:  # a double submit that raced past the check above
            raise ValidationError({"choices": [already]}) from None
        vote.choices.set(ids)
        broadcast.poll_changed(current.pk)
    return vote


def poll_close(*, actor: User, poll: Poll, now: datetime | None = None) -> Poll:
    """Close an open poll now (results shown "after close" become visible)."""
    if not actor.has_perm("advisory.manage_polls", poll):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        current = Poll.objects.select_for_update().get(pk=poll.pk)
        if now < current.opens_at:
            raise ValidationError(_("This poll has not opened yet, so it cannot be closed."))
        if now >= current.closes_at:
            raise ValidationError(_("This poll is already closed."))
        current.closes_at = now
        current.save(update_fields=["closes_at"])
        broadcast.poll_changed(current.pk)
    poll.closes_at = now
    return poll


def poll_opened_context(language: str, context: dict) -> dict:
    """The new poll in the reader's language, or the original marked with its language."""
    poll = (
        Poll.objects.select_related("group")
        .prefetch_related("translations")
        .get(pk=context["poll_id"])
    )
    translated = next((t for t in poll.translations.all() if t.language == language), None)
    return {
        "url": reverse("advisory:poll_detail", kwargs={"slug": poll.group.slug, "pk": poll.pk}),
        "group": poll.group,
        "question": translated.question if translated else poll.question,
        "question_language": language if translated else poll.language,
        "translation_pending": translated is None and poll.language != language,
        "closes_at": timezone.localtime(poll.closes_at),
    }


POLL_OPENED = register_kind(
    POLL_OPENED_KIND, gettext_lazy("New polls in my groups"), build=poll_opened_context
)
