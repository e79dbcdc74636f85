"""Writes for advisory groups. Each checks permission itself and runs in a transaction."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import AdvisoryGroup, Announcement, AnnouncementTranslation
from advisory.notifications import GROUP_MEMBERS
from cms.broadcasts import broadcast_create, broadcast_unknown_requeue
from cms.models import User

ANNOUNCEMENT_KIND = "advisory.announcement"


def announcement_send(
    *,
    actor: User,
    group: AdvisoryGroup,
    subject: str,
    body: str,
    language: str,
    translations: dict[str, tuple[str, str]] | None = None,
    send_at: datetime | None = None,
    now: datetime | None = None,
) -> Announcement:
    """Send an announcement to every member of the group, each in their own language where
    a person translated it. With ``send_at`` in the future it is scheduled instead. The
    recipients are prepared and the messages sent in batches by the task worker
    (``cms.broadcasts``), so this returns at once whatever the size of the group."""
    if not actor.has_perm("advisory.announce", group):
        raise PermissionDenied
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        errors["subject"] = [_("Please write a subject.")]
    if not body:
        errors["body"] = [_("Please write the message.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if send_at is not None and send_at <= now:
        errors["send_at"] = [
            _("Please choose a time in the future, or leave it empty to send now.")
        ]
    cleaned: dict[str, tuple[str, str]] = {}
    for code, (t_subject, t_body) in (translations or {}).items():
        t_subject, t_body = (t_subject or "").strip(), (t_body or "").strip()
        if code == language or not (t_subject or t_body):
            continue
        if not (t_subject and t_body):
            errors[f"body_{code}"] = [
                _("Please give both the subject and the message, or neither.")
            ]
            continue
        cleaned[code] = (t_subject, t_body)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        announcement = Announcement.objects.create(
            group=group,
            author=actor,
            subject=subject,
            body=body,
            language=language,
            send_at=send_at,
        )
        AnnouncementTranslation.objects.bulk_create(
            [
                AnnouncementTranslation(
                    announcement=announcement,
                    language=code,
                    subject=s,
                    body=b,
                    translated_by=actor,
                )
                for code, (s, b) in cleaned.items()
            ]
        )
        # Fanned out and sent in batches by the task worker, throttled per channel
        # (cms.broadcasts): a district-wide announcement never runs in this request.
        announcement.broadcast = broadcast_create(
            kind=ANNOUNCEMENT_KIND,
            audience=GROUP_MEMBERS,
            audience_params={"group_id": group.pk},
            context={"announcement_id": announcement.pk},
            source_key=f"announcement:{announcement.pk}",
            created_by=actor,
            send_at=send_at,
        )
        if send_at is None:
            announcement.sent_at = now
        announcement.save(update_fields=["broadcast", "sent_at"])
    return announcement


def announcement_unconfirmed_resend(*, actor: User, announcement: Announcement) -> int:
    """The sender decides to send again the messages whose sending was interrupted (a
    worker stopped mid-send: they may or may not have arrived). Returns how many."""
    if not actor.has_perm("advisory.announce", announcement.group):
        raise PermissionDenied
    if announcement.broadcast is None:
        return 0
    return broadcast_unknown_requeue(broadcast=announcement.broadcast)
