"""Writes for advisory groups. Each checks permission itself and runs in a transaction."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advisory.models import AdvisoryGroup, Announcement, AnnouncementTranslation
from advisory.selectors import group_members
from cms.models import User
from cms.notifications import notification_send, scheduled_notice_create

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
    a person translated it. With ``send_at`` in the future it is scheduled instead."""
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
        source_key = f"announcement:{announcement.pk}"
        context = {"announcement_id": announcement.pk}
        members = group_members(group)
        if send_at is None:
            notification_send(
                kind=ANNOUNCEMENT_KIND,
                recipients=members,
                context=context,
                source_key=source_key,
            )
            announcement.sent_at = now
            announcement.save(update_fields=["sent_at"])
        else:
            scheduled_notice_create(
                kind=ANNOUNCEMENT_KIND,
                send_at=send_at,
                recipients=members,
                context=context,
                source_key=source_key,
            )
    return announcement
