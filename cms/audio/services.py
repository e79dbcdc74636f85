"""Writes for audio summaries. Each checks permission itself (the permission the item's
app registered) and runs in a transaction; the file is written through Django's storage
API, and the background task that reads its length (and transcodes, where ffmpeg is
installed) is queued after commit."""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audio import audio_target_for
from cms.audio.files import ffprobe_duration, read_duration, sniff_audio_type, transcode_to_m4a
from cms.models import AudioSummary, TranslationStatus, User
from cms.queue import enqueue_or_log


def _limits() -> tuple[int, int]:
    return settings.AUDIO_SUMMARY_MAX_BYTES, settings.AUDIO_SUMMARY_MAX_SECONDS


def audio_file_check(upload) -> tuple[str, float | None]:
    """The stored type and length of an uploaded recording, or a ValidationError on
    ``file`` that says what is wrong (the type is read from the content)."""
    max_bytes, max_seconds = _limits()
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError({"file": [_("Please record the summary or attach a sound file.")]})
    if upload.size > max_bytes:
        raise ValidationError(
            {
                "file": [
                    _("The recording is too big: the limit is %(megabytes)s MB.")
                    % {"megabytes": max_bytes // (1024 * 1024)}
                ]
            }
        )
    mime_type = sniff_audio_type(upload)
    if mime_type is None:
        raise ValidationError(
            {
                "file": [
                    _(
                        "This file is not a sound recording we can play. Please send MP3, M4A, "
                        "OGG, OPUS, WEBM or WAV."
                    )
                ]
            }
        )
    duration = read_duration(upload)
    if duration is not None and duration > max_seconds:
        raise ValidationError(
            {
                "file": [
                    _("The recording is too long: please keep it under %(minutes)s minutes.")
                    % {"minutes": max_seconds // 60}
                ]
            }
        )
    return mime_type, duration


def _check(actor: User, item: models.Model):
    target = audio_target_for(item)
    if target is None:
        raise ValidationError(_("This cannot have an audio summary."))
    if not actor.has_perm(target.record_perm, item):
        raise PermissionDenied
    return target


def _delete_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def audio_summary_attach(
    *,
    actor: User,
    item: models.Model,
    language: str,
    upload,
    reviewed: bool = False,
) -> AudioSummary:
    """Record (or replace) the summary of an item in one language. ``reviewed`` is the
    recorder's "I checked it against the text", as on a written translation. Two first
    recordings in one language at once never fail: the later replaces the earlier."""
    target = _check(actor, item)
    errors: dict[str, list[str]] = {}
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    try:
        mime_type, duration = audio_file_check(upload)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    canonical = target.canonical(item)
    content_type = ContentType.objects.get_for_model(canonical)
    now = timezone.now()
    fields = {
        "mime_type": mime_type,
        "size": upload.size,
        "duration_seconds": duration,
        "processed_at": None,
        "recorded_by": actor,
        "status": TranslationStatus.REVIEWED if reviewed else TranslationStatus.DRAFT,
        "reviewed_by": actor if reviewed else None,
        "reviewed_at": now if reviewed else None,
    }
    with transaction.atomic():
        summary = _summary_locked(content_type, canonical.pk, language) or AudioSummary(
            target=canonical, language=language
        )
        old_name = summary.file.name if summary.pk else ""
        for name, value in fields.items():
            setattr(summary, name, value)
        upload.seek(0)
        summary.file.save("summary", upload, save=False)
        if summary.pk:
            summary.save()
        else:
            try:
                with transaction.atomic():  # a savepoint: only the insert is undone
                    summary.save()
            except IntegrityError:
                # Another first recording of this item in this language was saved while
                # this one's file was being written: this one replaces it, as a new
                # recording in a language does, and keeps the file just stored.
                new_name = summary.file.name
                summary = _summary_locked(content_type, canonical.pk, language)
                if summary is None:
                    raise
                old_name = summary.file.name
                for name, value in fields.items():
                    setattr(summary, name, value)
                summary.file = new_name
                summary.save()
        _delete_file_later(summary.file.storage, old_name)
        transaction.on_commit(lambda: _enqueue_processing(summary.pk))
    return summary


def _summary_locked(content_type: ContentType, object_id: int, language: str):
    """The item's summary in this language, locked until the transaction ends, or None."""
    return (
        AudioSummary.objects.select_for_update()
        .filter(content_type=content_type, object_id=object_id, language=language)
        .first()
    )


def _item_of(summary: AudioSummary) -> models.Model:
    item = summary.target
    if item is None:
        raise PermissionDenied
    return item


def audio_summary_review(*, actor: User, summary: AudioSummary) -> AudioSummary:
    """A person checked the recording against the text."""
    _check(actor, _item_of(summary))
    with transaction.atomic():
        summary = AudioSummary.objects.select_for_update().get(pk=summary.pk)
        summary.status = TranslationStatus.REVIEWED
        summary.reviewed_by = actor
        summary.reviewed_at = timezone.now()
        summary.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return summary


def audio_summary_delete(*, actor: User, summary: AudioSummary) -> None:
    _check(actor, _item_of(summary))
    with transaction.atomic():
        # The file leaves storage after commit (cms.signals.delete_audio_file).
        AudioSummary.objects.filter(pk=summary.pk).delete()


def _enqueue_processing(summary_id: int) -> None:
    # Not queued: the recording still plays as uploaded.
    enqueue_or_log("cms.tasks.process_audio_summary", summary_id)


def audio_summary_process(*, summary_id: int) -> str:
    """The background step after an upload: read the length from the stored file and,
    where ffmpeg is installed, replace a WebM/WAV recording with an AAC (M4A) copy that
    every phone plays (then measured from the copy made here, not downloaded again).
    Reads and writes only through the storage API."""
    summary = AudioSummary.objects.filter(pk=summary_id).first()
    if summary is None or not summary.file:
        return "gone"
    name = summary.file.name
    suffix = os.path.splitext(name)[1]
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / f"source{suffix}"
        try:
            with summary.file.open("rb") as source, open(local, "wb") as out:
                for chunk in source.chunks():
                    out.write(chunk)
        except FileNotFoundError:  # replaced or deleted since: that one is processed instead
            return "gone"
        result = "measured"
        new_name, new_type, new_size = "", summary.mime_type, summary.size
        if summary.mime_type in ("audio/webm", "audio/wav"):
            converted = transcode_to_m4a(local)
            if converted is not None:
                # Measured below from here (not downloaded again) and removed with the folder.
                local = Path(shutil.move(converted, Path(tmp) / "converted.m4a"))
                with open(local, "rb") as fh:
                    new_type, new_size = "audio/mp4", local.stat().st_size
                    summary.mime_type = new_type
                    new_name = summary.file.storage.save(
                        summary.file.field.generate_filename(summary, "summary"), File(fh)
                    )
                result = "transcoded"
        with open(local, "rb") as fh:
            duration = read_duration(fh)
        if duration is None:
            duration = ffprobe_duration(local)
    with transaction.atomic():
        updated = AudioSummary.objects.filter(pk=summary_id, file=name).update(
            duration_seconds=duration,
            processed_at=timezone.now(),
            **({"file": new_name, "mime_type": new_type, "size": new_size} if new_name else {}),
        )
        if not updated:  # replaced or deleted meanwhile: keep what is there now
            if new_name:
                summary.file.storage.delete(new_name)
            return "replaced"
        if new_name:
            _delete_file_later(summary.file.storage, name)
    return result
