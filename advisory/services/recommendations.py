"""Recommendations: drafting together with revisions and optimistic locking, comments,
plain-language summaries per working language, and submission to leaders with a due date
and reminders. The leaders' answers are in ``advisory.services.answers``."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import (
    AdvisoryGroup,
    Concern,
    ContentTranslation,
    RankedPriority,
    Recommendation,
    RecommendationComment,
    RecommendationRevision,
    RecommendationStatus,
    Round,
    TranslationStatus,
)
from advisory.models.recommendations import RECOMMENDATION_FIELDS, summary_is_ready
from cms.languages import language_name
from cms.models import ScheduledNotice, User
from cms.notifications import notification_send, scheduled_notice_create
from cms.roles import Role, has_role

FIELDS = RECOMMENDATION_FIELDS
# Days before the due date the addressed leaders are reminded (capped by the time given).
REMIND_BEFORE_DAYS = 7


def _require(actor: User, perm: str, obj) -> None:
    # The rules registry itself, not ``user.has_perm``: a superuser must not co-write a
    # group's recommendation through Django's everything-allowed shortcut.
    if actor is None or not rules.has_perm(perm, actor, obj):
        raise PermissionDenied


class StaleRevision(ValidationError):
    """The draft changed since the editor opened it: their save is refused, and the view
    shows the other person's version next to the text they typed."""

    def __init__(self, current: RecommendationRevision):
        self.current = current
        super().__init__(
            _(
                "%(name)s saved a newer version while you were editing. Your text is kept below: compare it with theirs, then save again."
            )
            % {"name": (current.author.display_name if current.author else _("Someone"))}
        )


def priority_concerns(group: AdvisoryGroup, round_: Round | None = None):
    """Concerns a recommendation can answer: the ranked priorities of the group's closed
    rounds (of one round when given)."""
    ranked = RankedPriority.objects.filter(round__group=group)
    if round_ is not None:
        ranked = ranked.filter(round=round_)
    return Concern.objects.filter(pk__in=ranked.values("concern_id"))


def _clean(group: AdvisoryGroup, round_: Round | None, data: dict, concern_ids) -> list[int]:
    errors = {}
    for name, message in (
        ("title", _("Please give the recommendation a title.")),
        ("text", _("Please write the recommendation.")),
    ):
        if not (data.get(name) or "").strip():
            errors[name] = [message]
    if round_ is not None and round_.group_id != group.pk:
        errors["round"] = [_("Choose a round of this group.")]
    ids = sorted({int(i) for i in concern_ids or []})
    allowed = set(priority_concerns(group, round_).filter(pk__in=ids).values_list("pk", flat=True))
    if set(ids) - allowed:
        errors["concerns"] = [_("Choose among the priorities of this group.")]
    if errors:
        raise ValidationError(errors)
    return ids


def _snapshot(
    recommendation: Recommendation, actor: User, ids: list[int], restored_from=None
) -> RecommendationRevision:
    return RecommendationRevision.objects.create(
        recommendation=recommendation,
        number=recommendation.revision,
        author=actor,
        title=recommendation.title,
        text=recommendation.text,
        reasons=recommendation.reasons,
        summary=recommendation.summary,
        concern_ids=ids,
        restored_from=restored_from,
    )


def recommendation_create(
    *,
    actor: User,
    group: AdvisoryGroup,
    title: str,
    text: str,
    language: str,
    reasons: str = "",
    summary: str = "",
    round_: Round | None = None,
    concern_ids: list[int] | None = None,
) -> Recommendation:
    _require(actor, "advisory.draft_recommendation", group)
    data = {"title": title, "text": text, "reasons": reasons, "summary": summary}
    ids = _clean(group, round_, data, concern_ids)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Please choose a language from the list.")]})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            group=group,
            round=round_,
            language=language,
            created_by=actor,
            **{k: (v or "").strip() for k, v in data.items()},
        )
        recommendation.concerns.set(ids)
        recommendation.authors.add(actor)
        _snapshot(recommendation, actor, ids)
    return recommendation


def recommendation_edit(
    *,
    actor: User,
    recommendation: Recommendation,
    base_revision: int,
    title: str,
    text: str,
    reasons: str = "",
    summary: str = "",
    concern_ids: list[int] | None = None,
) -> Recommendation:
    """Save a new revision of a draft. ``base_revision`` is the revision the editor started
    from; if someone saved since, the save is refused with their version (StaleRevision)."""
    _require(actor, "advisory.edit_recommendation", recommendation)
    data = {"title": title, "text": text, "reasons": reasons, "summary": summary}
    ids = _clean(recommendation.group, recommendation.round, data, concern_ids)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status != RecommendationStatus.DRAFT:
            raise ValidationError(_("This recommendation is submitted and can no longer change."))
        if locked.revision != base_revision:
            raise StaleRevision(
                RecommendationRevision.objects.select_related("author").get(
                    recommendation=locked, number=locked.revision
                )
            )
        return _write(locked, actor, data, ids)


def _write(
    locked: Recommendation, actor: User, data: dict, ids: list[int], restored_from=None
) -> Recommendation:
    old_summary = locked.summary
    for name, value in data.items():
        setattr(locked, name, (value or "").strip())
    locked.revision += 1
    locked.save()
    locked.concerns.set(ids)
    locked.authors.add(actor)
    _snapshot(locked, actor, ids, restored_from)
    if locked.summary != old_summary:
        # The summary changed: translations made from the old one need a person again.
        ContentTranslation.objects.filter(
            recommendation=locked, status=TranslationStatus.REVIEWED
        ).update(status=TranslationStatus.DRAFT)
    return locked


def recommendation_restore(
    *, actor: User, recommendation: Recommendation, number: int
) -> Recommendation:
    """Bring back an earlier revision as a new revision (nothing is ever lost)."""
    _require(actor, "advisory.edit_recommendation", recommendation)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status != RecommendationStatus.DRAFT:
            raise ValidationError(_("This recommendation is submitted and can no longer change."))
        try:
            old = RecommendationRevision.objects.get(recommendation=locked, number=number)
        except RecommendationRevision.DoesNotExist:
            raise ValidationError(_("There is no such revision.")) from None
        data = {name: getattr(old, name) for name in FIELDS}
        return _write(locked, actor, data, list(old.concern_ids), restored_from=number)


def recommendation_comment_add(
    *, actor: User, recommendation: Recommendation, text: str, language: str
) -> RecommendationComment:
    _require(actor, "advisory.comment_recommendation", recommendation)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Please write your comment.")]})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Please choose a language from the list.")]})
    return RecommendationComment.objects.create(
        recommendation=recommendation, author=actor, text=text, language=language
    )


# Summaries in the working languages -----------------------------------------------------


def missing_summaries(recommendation: Recommendation) -> list[str]:
    """Working languages of the group without a summary a person wrote or checked."""
    ready = {
        t.language
        for t in ContentTranslation.objects.filter(recommendation=recommendation)
        if summary_is_ready(t)
    }
    if recommendation.summary.strip():
        ready.add(recommendation.language)
    return [code for code in recommendation.group.working_languages or [] if code not in ready]


def summaries_request(*, actor: User, recommendation: Recommendation) -> list[ContentTranslation]:
    """Put the summary into the translators' queue for each working language lacking one."""
    _require(actor, "advisory.draft_recommendation", recommendation)
    if not recommendation.summary.strip():
        raise ValidationError(_("Write the plain-language summary first."))
    from advisory.services.translations import translations_request

    return translations_request(actor=None, item=recommendation)


# Submission and reminders ----------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    key: str
    send_at: datetime


def _reminders(recommendation: Recommendation) -> list[Reminder]:
    """One reminder some days before the due date and one the day after it."""
    tz = timezone.get_current_timezone()
    due = datetime.combine(recommendation.due_on, datetime.min.time(), tzinfo=tz)
    submitted = recommendation.submitted_at or timezone.now()
    before = max(due - timedelta(days=REMIND_BEFORE_DAYS), submitted + (due - submitted) / 2)
    key = f"recommendation:{recommendation.pk}"
    return [
        Reminder(f"{key}:due-soon", before.replace(hour=9)),
        Reminder(f"{key}:overdue", (due + timedelta(days=1)).replace(hour=9)),
    ]


def reminders_cancel(recommendation: Recommendation) -> None:
    keys = [r.key for r in _reminders(recommendation)] if recommendation.due_on else []
    ScheduledNotice.objects.filter(source_key__in=keys, sent_at__isnull=True).delete()


def recommendation_submit(
    *,
    actor: User,
    recommendation: Recommendation,
    leaders: list[User],
    due_on: date | None = None,
    now: datetime | None = None,
) -> Recommendation:
    """A facilitator sends a finished draft to one or more leaders, with a due date for the
    answer (the group's default when none is given)."""
    _require(actor, "advisory.submit_recommendation", recommendation)
    now = now or timezone.now()
    today = timezone.localdate(now)
    group = recommendation.group
    errors: dict[str, list[str]] = {}
    leaders = list({u.pk: u for u in leaders}.values())
    if not leaders:
        errors["leaders"] = [_("Choose at least one leader to answer.")]
    elif not all(has_role(u, Role.LEADER) and u.is_active for u in leaders):
        errors["leaders"] = [_("Choose leaders from the list.")]
    due_on = due_on or today + timedelta(days=group.answer_days)
    if due_on <= today:
        errors["due_on"] = [_("The due date must be after today.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status != RecommendationStatus.DRAFT:
            raise ValidationError(_("This recommendation is already submitted."))
        if not locked.summary.strip():
            raise ValidationError(_("Write the plain-language summary before submitting."))
        if group.require_all_languages:
            missing = missing_summaries(locked)
            if missing:
                raise ValidationError(
                    _(
                        "The summary is still missing in these working languages of the group: %(languages)s."
                    )
                    % {"languages": ", ".join(language_name(code) for code in missing)},
                    code="missing_summaries",
                    params={"missing": missing},
                )
        locked.status = RecommendationStatus.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.due_on = due_on
        locked.save(
            update_fields=["status", "submitted_at", "submitted_by", "due_on", "updated_at"]
        )
        locked.leaders.set(leaders)
        notification_send(
            kind="advisory.recommendation_submitted",
            recipients=leaders,
            context={"recommendation_id": locked.pk},
            source_key=f"recommendation:{locked.pk}:submitted",
        )
        for reminder in _reminders(locked):
            scheduled_notice_create(
                kind="advisory.answer_due",
                send_at=reminder.send_at,
                recipients=leaders,
                context={
                    "recommendation_id": locked.pk,
                    "stage": reminder.key.rsplit(":", 1)[1],
                },
                source_key=reminder.key,
            )
    return locked
