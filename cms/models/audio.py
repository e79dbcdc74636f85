"""Short audio summaries recorded by people, one per language, attached to a meeting, a
recommendation, an answer or an announcement.

The link is generic (content type + object id) because the foundation app ``cms`` must not
know the feature apps: a foreign key to ``advisory.Recommendation`` here would make ``cms``
(and its migrations) depend on ``advisory``. Feature apps register what can carry a summary
(``cms.audio.register_audio_target``); the service refuses anything not registered, and a
unique constraint keeps one summary per item and language. A meeting's summaries hang on
its canonical page (the original-language page), so every translation of the page shares
them.

The file goes through Django's storage API (``FileField``), so any storage backend works;
its name is random, never the uploader's file name.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models.translations import TranslationStatus

EXTENSIONS = {
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/wav": "wav",
}


def audio_upload_to(instance: "AudioSummary", filename: str) -> str:
    extension = EXTENSIONS.get(instance.mime_type, "bin")
    return f"audio-summaries/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AudioSummary(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=12)
    file = models.FileField(_("recording"), upload_to=audio_upload_to, max_length=255)
    mime_type = models.CharField(_("file type"), max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    duration_seconds = models.FloatField(_("length in seconds"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    reviewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "id"]
        verbose_name = _("audio summary")
        verbose_name_plural = _("audio summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="one_audio_summary_per_item_language",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reviewed") | models.Q(reviewed_by__isnull=False),
                name="reviewed_audio_summary_names_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} ({self.language})"

    @property
    def whole_seconds(self) -> int | None:
        """The length rounded to whole seconds (half up), a number a plural can count."""
        if self.duration_seconds is None:
            return None
        return int(self.duration_seconds + 0.5)
