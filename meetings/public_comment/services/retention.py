"""Retention: contact details and comment texts are cleared after
``PUBLIC_COMMENT_RETENTION_DAYS``; the counts stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms import fragments
from cms.models import Notification, ScheduledNotice
from meetings import broadcast
from meetings.models import (
    SpeakerSignup,
)

NOTICE_STAGES = ("confirmed", "promoted", "reminder")


def comment_retention_apply(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete the names, account links and comment texts of sign-ups ``days`` after
    their meeting ended (PUBLIC_COMMENT_RETENTION_DAYS); the rows stay with language,
    status, interpreter need and attendance for reporting. Idempotent; returns how many
    sign-ups were cleared."""
    now = now or timezone.now()
    days = settings.PUBLIC_COMMENT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    with transaction.atomic():
        due = SpeakerSignup.objects.filter(purged_at__isnull=True, meeting__ends_at__lte=cutoff)
        rows = list(due.values_list("pk", "meeting_id"))
        ids = [pk for pk, _meeting in rows]
        # The notices about these sign-ups repeat the name to be called and the topic:
        # they go too (sent or not), with their deliveries.
        keys = [f"comment:{pk}:{stage}" for pk in ids for stage in NOTICE_STAGES]
        ScheduledNotice.objects.filter(source_key__in=keys).delete()
        Notification.objects.filter(source_key__in=keys).delete()
        cleared = SpeakerSignup.objects.filter(pk__in=ids).update(
            called_name="",
            agenda_item="",
            comment_text="",
            user=None,
            added_by=None,
            recommendation=None,
            purged_at=now,
        )
        # The clerk's cached lists of these meetings still hold the names.
        fragments.changed(*{broadcast.speakers_topic(meeting) for _pk, meeting in rows})
    return cleared
