"""The interpreter roster (qualified languages, verified by a coordinator), interpreter
slots per meeting, language and mode, and the claims on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from meetings.models.pages import MeetingPage


class InterpretingMode(models.TextChoices):
    SIMULTANEOUS = "simultaneous", _("Simultaneous")
    CONSECUTIVE = "consecutive", _("Consecutive")
    REMOTE = "remote", _("Remote")


class Direction(models.TextChoices):
    BOTH = "both", _("Both ways")
    INTO_ENGLISH = "into_en", _("Into English only")
    FROM_ENGLISH = "from_en", _("From English only")


class InterpreterProfile(ClusterableModel):
    """A qualified interpreter. Only trained interpreters belong on the roster: never
    children, and never bilingual staff without interpreter training."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interpreter_profile",
        verbose_name=_("person"),
    )
    availability_notes = models.TextField(_("availability"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("availability_notes"),
        InlinePanel("languages", heading=_("Languages"), label=_("Language")),
    ]

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return str(self.user)


class InterpreterLanguage(models.Model):
    profile = ParentalKey(InterpreterProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=12)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.BOTH
    )
    modes = models.JSONField(
        _("modes"),
        default=list,
        blank=True,
        help_text=_("simultaneous, consecutive, remote"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    panels = [
        FieldPanel("language"),
        FieldPanel("direction"),
        FieldPanel("modes"),
    ]

    class Meta:
        ordering = ["language"]
        verbose_name = _("interpreter language")
        verbose_name_plural = _("interpreter languages")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="one_entry_per_interpreter_language"
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(verified_by__isnull=False),
                name="verification_names_the_verifier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} – {self.language}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


# Slots and claims -------------------------------------------------------------------


class InterpreterSlot(models.Model):
    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="slots")
    language = models.CharField(_("language"), max_length=12)
    mode = models.CharField(
        _("mode"),
        max_length=12,
        choices=InterpretingMode.choices,
        default=InterpretingMode.CONSECUTIVE,
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed = models.BooleanField(_("proposed from replies"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "language", "pk"]
        verbose_name = _("interpreter slot")
        verbose_name_plural = _("interpreter slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.language} ({self.mode})"


class SlotClaim(models.Model):
    """Who interprets a slot. Exactly one active (unreleased, non-backup) claim per slot,
    guaranteed by the database; a coordinator may add one backup."""

    slot = models.ForeignKey(InterpreterSlot, on_delete=models.CASCADE, related_name="claims")
    interpreter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slot_claims"
    )
    is_backup = models.BooleanField(_("backup"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["claimed_at", "pk"]
        verbose_name = _("slot claim")
        verbose_name_plural = _("slot claims")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(released_at__isnull=True, is_backup=False),
                name="one_active_claim_per_slot",
            ),
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(released_at__isnull=True, is_backup=True),
                name="one_active_backup_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} – {self.slot}"
