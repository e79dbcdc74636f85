"""Leaders' answers: drafted privately, published once (which tells the co-authors and the
group in their languages and channels), with commitments and their progress updates."""

from datetime import date, datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import (
    Answer,
    AnswerState,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Recommendation,
    RecommendationStatus,
)
from advisory.services.recommendations import reminders_cancel
from cms.models import User
from cms.notifications import notification_send


def _require(actor: User, perm: str, obj) -> None:
    if actor is None or not rules.has_perm(perm, actor, obj):
        raise PermissionDenied


def _clean_commitments(commitments: list[dict]) -> list[dict]:
    rows, errors = [], []
    for row in commitments or []:
        what = (row.get("what") or "").strip()
        owner = (row.get("owner") or "").strip()
        due_on = row.get("due_on")
        if not (what or owner or due_on):
            continue
        if not (what and owner and isinstance(due_on, date)):
            errors.append(_("Each commitment needs what will be done, who and by when."))
            continue
        rows.append({"what": what[:500], "owner": owner[:200], "due_on": due_on})
    if errors:
        raise ValidationError({"commitments": errors[:1]})
    return rows


def answer_save(
    *,
    actor: User,
    recommendation: Recommendation,
    state: AnswerState | None,
    text: str,
    language: str,
    commitments: list[dict] | None = None,
    publish: bool = False,
    now: datetime | None = None,
) -> Answer:
    """Save the answer as a private draft, or publish it. Publishing needs a state and a
    text, and can happen once: afterwards only progress updates move it on."""
    _require(actor, "advisory.answer_recommendation", recommendation)
    now = now or timezone.now()
    text = (text or "").strip()
    errors: dict[str, list] = {}
    try:
        rows = _clean_commitments(commitments or [])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if publish:
        if state is None:
            errors["state"] = [_("Choose an answer before publishing.")]
        if not text:
            errors["text"] = [_("Write the answer before publishing.")]
    if errors:
        raise ValidationError(errors)
    if state is not None and not state.is_active:
        raise ValidationError({"state": [_("Choose an answer from the list.")]})
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status == RecommendationStatus.DRAFT:
            raise ValidationError(_("This recommendation has not been submitted yet."))
        answer = Answer.objects.filter(recommendation=locked).first()
        if answer is not None and answer.is_published:
            raise ValidationError(_("The answer is already published."))
        if answer is None:
            answer = Answer(recommendation=locked, created_at=now)
        answer.state, answer.text, answer.language, answer.author = state, text, language, actor
        if publish:
            answer.published_at, answer.published_by = now, actor
        answer.save()
        answer.commitments.all().delete()
        Commitment.objects.bulk_create(
            [
                Commitment(answer=answer, position=i, created_at=now, **row)
                for i, row in enumerate(rows)
            ]
        )
        if publish:
            locked.status = RecommendationStatus.ANSWERED
            locked.save(update_fields=["status", "updated_at"])
            reminders_cancel(locked)
            _tell_the_group(locked, "advisory.answer_published", f"answer:{answer.pk}")
    return answer


def _tell_the_group(recommendation: Recommendation, kind: str, source_key: str) -> None:
    from advisory.selectors.groups import group_members

    people = {u.pk: u for u in group_members(recommendation.group)}
    people.update({u.pk: u for u in recommendation.authors.filter(is_active=True)})
    notification_send(
        kind=kind,
        recipients=people.values(),
        context={"recommendation_id": recommendation.pk},
        source_key=source_key,
    )


def commitment_update_add(
    *,
    actor: User,
    commitment: Commitment,
    status: str,
    percent: int,
    note: str = "",
    now: datetime | None = None,
) -> CommitmentUpdate:
    """A leader reports progress on a commitment of a published answer."""
    recommendation = commitment.answer.recommendation
    _require(actor, "advisory.answer_recommendation", recommendation)
    if not commitment.answer.is_published:
        raise ValidationError(_("Publish the answer before reporting progress."))
    errors = {}
    if status not in CommitmentStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = [_("Give a percentage between 0 and 100.")]
    if errors:
        raise ValidationError(errors)
    percent = 100 if status == CommitmentStatus.DONE else int(percent)
    with transaction.atomic():
        update = CommitmentUpdate.objects.create(
            commitment=commitment,
            author=actor,
            status=status,
            percent=percent,
            note=(note or "").strip(),
            created_at=now or timezone.now(),
        )
        Commitment.objects.filter(pk=commitment.pk).update(status=status, percent=percent)
        commitment.status, commitment.percent = status, percent
        _tell_the_group(recommendation, "advisory.commitment_updated", f"commitment:{update.pk}")
    return update
