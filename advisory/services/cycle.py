"""The advisory cycle: rounds and their phases, concerns, supports, comments, moderation,
dot-vote ballots and the frozen ranking. Phase rules are enforced here, not only hidden in
the pages."""

from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory import broadcast
from advisory.models import (
    AdvisoryGroup,
    Ballot,
    Comment,
    Concern,
    ConcernStatus,
    Dot,
    ModerationLog,
    Phase,
    RankedPriority,
    Round,
    Support,
    Topic,
)
from advisory.selectors.cycle import ranking_queryset
from advisory.sms_texts import round_phase_notice
from cms.locking import select_for_share
from cms.models import User
from cms.notifications import notification_send, register_kind

AUDIO_TYPES = {
    "audio/webm",
    "audio/ogg",
    "audio/mpeg",
    "audio/mp4",
    "audio/x-m4a",
    "audio/aac",
    "audio/wav",
    "audio/x-wav",
    "audio/wave",
}
AUDIO_EXTENSIONS = {".webm", ".ogg", ".oga", ".mp3", ".m4a", ".mp4", ".aac", ".wav"}
AUDIO_MAX_BYTES = 10 * 1024 * 1024

NEXT_PHASE = {Phase.DRAFT: Phase.COLLECTING, Phase.COLLECTING: Phase.VOTING}


def _require(actor: User, perm: str, obj) -> None:
    """Asked of the rules registry itself (not ``user.has_perm``), because Django lets a
    superuser pass every ``has_perm``: an administrator manages rounds through the
    admin predicate, but never votes or speaks for a group they do not belong to."""
    if not rules.has_perm(perm, actor, obj):
        raise PermissionDenied


def _log(actor: User, group: AdvisoryGroup, action: str, concern=None, note: str = "") -> None:
    ModerationLog.objects.create(
        group=group, actor=actor, action=action, concern=concern, note=note[:300]
    )


def admin_change_record(*, actor: User, obj, action: str) -> None:
    """Write a change made in the Wagtail admin to the group's moderation log."""
    from advisory.rules import group_of

    group = group_of(obj)
    if group is None:
        return
    concern = obj if isinstance(obj, Concern) else None
    _log(actor, group, action, concern, f"{obj._meta.verbose_name}: {obj}")


# Rounds --------------------------------------------------------------------------------


def round_create(
    *,
    actor: User,
    group: AdvisoryGroup,
    title: str,
    dot_budget: int = 5,
    max_dots_per_concern: int = 3,
    voting_starts_on=None,
    voting_ends_on=None,
) -> Round:
    _require(actor, "advisory.manage_round", group)
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Please give the round a title.")]
    if not 1 <= dot_budget <= 50:
        errors["dot_budget"] = [_("Give each member between 1 and 50 dots.")]
    if not 1 <= max_dots_per_concern <= dot_budget:
        errors["max_dots_per_concern"] = [
            _("The most dots on one concern must be between 1 and the dots per member.")
        ]
    if voting_starts_on and voting_ends_on and voting_ends_on < voting_starts_on:
        errors["voting_ends_on"] = [_("Voting must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    return Round.objects.create(
        group=group,
        title=title.strip(),
        dot_budget=dot_budget,
        max_dots_per_concern=max_dots_per_concern,
        voting_starts_on=voting_starts_on,
        voting_ends_on=voting_ends_on,
    )


def round_advance(*, actor: User, round_: Round, now: datetime | None = None) -> Round:
    """Open the next phase: not started → collecting concerns → voting → closed. The round
    row is locked ``FOR UPDATE``: it waits for ballots in flight (they hold it ``FOR
    SHARE``, see ``ballot_cast``)."""
    _require(actor, "advisory.manage_round", round_)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.phase == Phase.VOTING:
            return round_close(actor=actor, round_=locked, now=now)
        if locked.phase not in NEXT_PHASE:
            raise ValidationError(_("This round is closed."))
        locked.phase = NEXT_PHASE[locked.phase]
        locked.save(update_fields=["phase"])
        _log(actor, locked.group, f"phase_{locked.phase}")
        # Tell the group (families who get texts can answer the text itself).
        round_phase_notice(locked)
    return locked


def round_close(*, actor: User, round_: Round, now: datetime | None = None) -> Round:
    """Close voting, freeze the ranked priorities and tell the group. The round row is
    locked ``FOR UPDATE``, so the close waits for every ballot in flight (each holds the
    row ``FOR SHARE``) and counts them, and every later ballot reads the round closed."""
    _require(actor, "advisory.manage_round", round_)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.phase != Phase.VOTING:
            raise ValidationError(_("Only a round that is in its voting phase can be closed."))
        rows = list(ranking_queryset(locked).values_list("pk", "dot_total", "supporter_total"))
        priorities = []
        for index, (concern_id, dots, supporters) in enumerate(rows):
            tied = (index > 0 and rows[index - 1][1] == dots) or (
                index + 1 < len(rows) and rows[index + 1][1] == dots
            )
            priorities.append(
                RankedPriority(
                    round=locked,
                    concern_id=concern_id,
                    rank=index + 1,
                    dots=dots,
                    supporters=supporters,
                    is_tie=tied,
                )
            )
        RankedPriority.objects.bulk_create(priorities)
        locked.phase = Phase.CLOSED
        locked.closed_at = now
        locked.save(update_fields=["phase", "closed_at"])
        _log(actor, locked.group, "phase_closed")
        broadcast.round_changed(locked.pk)
        from advisory.selectors.groups import group_members

        notification_send(
            kind="advisory.results_published",
            recipients=group_members(locked.group),
            context={"round_id": locked.pk},
            source_key=f"round:{locked.pk}",
        )
    return locked


def _results_context(language: str, context: dict) -> dict:
    from django.urls import reverse

    round_ = Round.objects.select_related("group").get(pk=context["round_id"])
    return {
        "round": round_,
        "group": round_.group,
        "url": reverse("advisory:results", args=[round_.group.slug, round_.pk]),
    }


register_kind(
    "advisory.results_published",
    gettext_lazy("Priority results of my groups"),
    build=_results_context,
)


# Concerns ------------------------------------------------------------------------------


def _check_audio(audio) -> None:
    import os

    if audio is None:
        return
    extension = os.path.splitext(audio.name or "")[1].lower()
    content_type = (getattr(audio, "content_type", "") or "").split(";")[0].strip().lower()
    if audio.size > AUDIO_MAX_BYTES:
        raise ValidationError(
            {"audio": [_("The recording is too long: the limit is 10 MB (about 10 minutes).")]}
        )
    if extension not in AUDIO_EXTENSIONS or (content_type and content_type not in AUDIO_TYPES):
        raise ValidationError(
            {
                "audio": [
                    _("Please send a sound recording (for example MP3, M4A, OGG, WEBM or WAV).")
                ]
            }
        )


def concern_submit(
    *,
    actor: User,
    round_: Round,
    title: str,
    text: str,
    language: str,
    is_anonymous: bool = False,
    topic_ids: list[int] | None = None,
    audio=None,
) -> Concern:
    _require(actor, "advisory.submit_concern", round_)
    if round_.phase != Phase.COLLECTING:
        raise ValidationError(_("This round is not collecting concerns now."))
    from django.conf import settings

    errors = {}
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        errors["title"] = [_("Please give your concern a short title.")]
    if not text and audio is None:
        errors["text"] = [_("Please write your concern or record it.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if errors:
        raise ValidationError(errors)
    _check_audio(audio)
    topics = list(Topic.objects.filter(group_id=round_.group_id, pk__in=topic_ids or []))
    with transaction.atomic():
        concern = Concern(
            round=round_,
            author=actor,
            title=title,
            text=text,
            language=language,
            is_anonymous=is_anonymous,
        )
        if audio is not None:
            concern.audio = audio
        concern.save()
        concern.topics.set(topics)
        from advisory.services.translations import translations_request

        translations_request(actor=None, item=concern)
    return concern


def _visible(concern: Concern) -> None:
    if concern.status != ConcernStatus.VISIBLE:
        raise ValidationError(_("This concern is no longer open."))
    if concern.round.phase == Phase.CLOSED:
        raise ValidationError(_("This round is closed."))


def concern_support(*, actor: User, concern: Concern, support: bool = True) -> bool:
    """Add (or take back) one's +1. Returns whether the person now supports it."""
    _require(actor, "advisory.support_concern", concern)
    _visible(concern)
    if support:
        try:
            with transaction.atomic():
                Support.objects.get_or_create(concern=concern, user=actor)
        except IntegrityError:
            pass  # a double click: the support is there
        return True
    Support.objects.filter(concern=concern, user=actor).delete()
    return False


def comment_add(*, actor: User, concern: Concern, text: str, language: str) -> Comment:
    _require(actor, "advisory.comment", concern)
    _visible(concern)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Please write your comment.")]})
    with transaction.atomic():
        comment = Comment.objects.create(
            concern=concern, author=actor, text=text, language=language
        )
        from advisory.services.translations import translations_request

        translations_request(actor=None, item=comment)
    return comment


def concern_hide(*, actor: User, concern: Concern, reason: str) -> Concern:
    _require(actor, "advisory.moderate", concern)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please say why, so the author understands.")]})
    with transaction.atomic():
        concern.status = ConcernStatus.HIDDEN
        concern.hidden_reason = reason
        concern.save(update_fields=["status", "hidden_reason"])
        _log(actor, concern.round.group, "hide", concern, reason)
    return concern


def concern_tag(*, actor: User, concern: Concern, names: list[str]) -> list[Topic]:
    _require(actor, "advisory.moderate", concern)
    group = concern.round.group
    names = sorted({n.strip()[:80] for n in names if n.strip()})
    with transaction.atomic():
        topics = [Topic.objects.get_or_create(group=group, name=n)[0] for n in names]
        concern.topics.set(topics)
        _log(actor, group, "tag", concern, ", ".join(names))
    return topics


def concern_merge(*, actor: User, source: Concern, target: Concern) -> Concern:
    """Merge a duplicate into another concern: supports, comments and dots carry over, so
    nobody's support or vote is lost; the merged concern keeps a link to the target."""
    _require(actor, "advisory.moderate", source)
    if source.pk == target.pk or source.round_id != target.round_id:
        raise ValidationError({"target": [_("Choose another concern of the same round.")]})
    if ConcernStatus.VISIBLE not in (source.status,) or target.status != ConcernStatus.VISIBLE:
        raise ValidationError({"target": [_("Both concerns must be visible to merge them.")]})
    with transaction.atomic():
        existing = set(Support.objects.filter(concern=target).values_list("user_id", flat=True))
        Support.objects.filter(concern=source).exclude(user_id__in=existing).update(concern=target)
        Support.objects.filter(concern=source).delete()
        Comment.objects.filter(concern=source).update(concern=target)
        for dot in Dot.objects.select_for_update().filter(concern=source):
            line, created = Dot.objects.get_or_create(
                ballot_id=dot.ballot_id, concern=target, defaults={"count": dot.count}
            )
            if not created:
                line.count += dot.count
                line.save(update_fields=["count"])
            dot.delete()
        source.status = ConcernStatus.MERGED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into"])
        _log(actor, source.round.group, "merge", source, f"→ {target.pk}")
    return target


# Ballots -------------------------------------------------------------------------------


def _check_allocation(round_: Round, allocation: dict[int, int]) -> None:
    if any(v < 0 for v in allocation.values()):
        raise ValidationError(_("Dots cannot be negative."))
    if any(v > round_.max_dots_per_concern for v in allocation.values()):
        raise ValidationError(
            _("You can put at most %(max)s dots on one concern.")
            % {"max": round_.max_dots_per_concern}
        )
    if sum(allocation.values()) > round_.dot_budget:
        raise ValidationError(
            _("You have %(budget)s dots to spend; this ballot uses %(used)s.")
            % {"budget": round_.dot_budget, "used": sum(allocation.values())}
        )


def ballot_cast(*, actor: User, round_: Round, allocation: dict[int, int]) -> Ballot:
    """Spend one's dots. The whole ballot is replaced, so it can be changed until voting
    closes.

    Locking (PostgreSQL), so that members of a round vote side by side:

    - the round row is held ``FOR SHARE`` (``cms.locking.select_for_share``): any number
      of ballots hold it at once, while ``round_close`` / ``round_advance`` take it
      ``FOR UPDATE`` and so wait for the ballots in flight; a ballot that comes after the
      close waits for it and then reads the round closed, and is refused;
    - the member's own ballot row: created if missing with ``INSERT ... ON CONFLICT DO
      NOTHING`` (one ballot per member per round is a unique constraint, so two tabs
      cannot make two) and then locked ``FOR UPDATE``, so one member's submissions are
      applied one after another and the budget and per-concern limit, checked against
      the locked round, hold for the whole ballot.

    On SQLite a writing transaction holds the whole database, which serialises anyway."""
    _require(actor, "advisory.vote", round_)
    allocation = {int(k): int(v) for k, v in allocation.items() if int(v) != 0}
    _check_allocation(round_, allocation)
    with transaction.atomic():
        rows = select_for_share(Round.objects.filter(pk=round_.pk))
        current = rows[0] if rows else None
        if current is None or current.phase != Phase.VOTING:
            raise ValidationError(_("Voting is not open in this round."))
        _check_allocation(current, allocation)  # the limits as they are now
        open_ids = set(
            Concern.objects.filter(
                round=current, status=ConcernStatus.VISIBLE, pk__in=list(allocation)
            ).values_list("pk", flat=True)
        )
        if set(allocation) - open_ids:
            raise ValidationError(_("You can only vote for open concerns of this round."))
        Ballot.objects.bulk_create([Ballot(round=current, member=actor)], ignore_conflicts=True)
        ballot = Ballot.objects.select_for_update().get(round=current, member=actor)
        Dot.objects.filter(ballot=ballot).delete()
        Dot.objects.bulk_create(
            [Dot(ballot=ballot, concern_id=cid, count=n) for cid, n in allocation.items()]
        )
        ballot.save(update_fields=["updated_at"])
        broadcast.round_changed(current.pk)
    return ballot
