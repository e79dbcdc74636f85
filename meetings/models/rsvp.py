"""RSVPs: who comes to a meeting, with the language, childcare and transport they need."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models.pages import MeetingPage


class RsvpResponse(models.TextChoices):
    YES = "yes", _("Yes, I will come")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No, I cannot come")


class Rsvp(models.Model):
    """A person's answer to a meeting invitation, with what they need to take part.
    Individual needs are visible only to the group's facilitators and coordinators."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps"
    )
    response = models.CharField(_("will you come?"), max_length=5, choices=RsvpResponse.choices)
    language = models.CharField(
        _("interpretation into"),
        max_length=12,
        blank=True,
        help_text=_("Leave empty if you do not need an interpreter."),
    )
    children = models.PositiveSmallIntegerField(_("children needing childcare"), default=0)
    transport = models.BooleanField(_("I need help getting there"), default=False)
    access_needs = models.TextField(_("other access needs"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_rsvp_per_person"),
            models.CheckConstraint(condition=Q(children__lte=20), name="rsvp_children_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting} ({self.response})"
