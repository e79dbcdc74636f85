"""School-board public comment: the settings of a board meeting's comment period, the
people signed up to speak, and the seeded, recorded lotteries that decide who speaks when
a board chooses one.

Everything attaches to the *canonical* board MeetingPage (see meetings.models), so an
English and a Haitian Creole reader sign up for the same list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class SpeakerOrder(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    AGENDA = "agenda", _("By agenda item")


class WhenFull(models.TextChoices):
    REFUSE = "refuse", _("Refuse further sign-ups")
    WAITLIST = "waitlist", _("Waiting list")
    LOTTERY = "lottery", _("Lottery among everyone who signed up")


class PublicCommentSettings(models.Model):
    """How a board meeting takes public comment. One row per (canonical) meeting; the
    row is also the lock taken when counting places, so two sign-ups for the last place
    cannot both win."""

    meeting = models.OneToOneField(
        "meetings.MeetingPage",
        on_delete=models.CASCADE,
        related_name="public_comment",
        verbose_name=_("meeting"),
    )
    signup_open = models.BooleanField(_("sign-up is open"), default=False)
    opens_at = models.DateTimeField(_("sign-up opens"))
    closes_at = models.DateTimeField(_("sign-up closes"))
    speaker_cap = models.PositiveSmallIntegerField(_("most speakers"), default=20)
    minutes_per_speaker = models.PositiveSmallIntegerField(_("minutes per speaker"), default=3)
    interpreted_extra_minutes = models.PositiveSmallIntegerField(
        _("extra minutes with consecutive interpretation"), default=3
    )
    order = models.CharField(
        _("order of speakers"),
        max_length=12,
        choices=SpeakerOrder.choices,
        default=SpeakerOrder.FIRST_COME,
    )
    remote_allowed = models.BooleanField(_("remote (call-in) comment allowed"), default=True)
    when_full = models.CharField(
        _("when the list is full"),
        max_length=10,
        choices=WhenFull.choices,
        default=WhenFull.WAITLIST,
    )
    publish_speakers = models.BooleanField(
        _("publish the speakers list after the meeting"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public comment settings")
        verbose_name_plural = _("public comment settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="comment_closes_after_it_opens"
            ),
            models.CheckConstraint(condition=Q(speaker_cap__gte=1), name="comment_cap_positive"),
            models.CheckConstraint(
                condition=Q(minutes_per_speaker__gte=1), name="comment_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    def window_open(self, now) -> bool:
        return self.signup_open and self.opens_at <= now < self.closes_at

    def minutes_for(self, signup: SpeakerSignup) -> int:
        extra = self.interpreted_extra_minutes if signup.needs_interpreter else 0
        return self.minutes_per_speaker + extra


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (call-in)")


class SignupStatus(models.TextChoices):
    ENTERED = "entered", _("In the lottery")
    SIGNED_UP = "signed_up", _("Signed up")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CALLED = "called", _("Speaking now")
    SPOKE = "spoke", _("Spoke")
    NO_SHOW = "no_show", _("Did not come")
    WITHDREW = "withdrew", _("Withdrew")
    CANCELLED = "cancelled", _("Cancelled")


# A sign-up in one of these holds (or waits for) a place: one per person per meeting.
ACTIVE_STATUSES = [
    SignupStatus.ENTERED,
    SignupStatus.SIGNED_UP,
    SignupStatus.WAITLISTED,
    SignupStatus.CALLED,
    SignupStatus.SPOKE,
    SignupStatus.NO_SHOW,
]
# These take one of the capped places.
PLACE_STATUSES = [
    SignupStatus.SIGNED_UP,
    SignupStatus.CALLED,
    SignupStatus.SPOKE,
    SignupStatus.NO_SHOW,
]
# The speakers list the clerk works through.
LIST_STATUSES = PLACE_STATUSES


class SpeakerSignup(models.Model):
    meeting = models.ForeignKey(
        "meetings.MeetingPage", on_delete=models.CASCADE, related_name="speaker_signups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_signups",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A facilitator who signed the family up on their behalf."),
    )
    called_name = models.CharField(_("name to be called"), max_length=120, blank=True)
    agenda_item = models.CharField(_("agenda item or topic"), max_length=200, blank=True)
    attendance = models.CharField(
        _("how you will speak"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.IN_PERSON,
    )
    language = models.CharField(_("speaking language"), max_length=12)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    comment_text = models.TextField(_("your comment"), blank=True, max_length=5000)
    recommendation = models.ForeignKey(
        "advisory.Recommendation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from a recommendation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.SIGNED_UP
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    called_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the name, contact link and comment were deleted (retention)."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("speaker sign-up")
        verbose_name_plural = _("speaker sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(status__in=ACTIVE_STATUSES, user__isnull=False),
                name="one_active_signup_per_person",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(status=SignupStatus.CALLED),
                name="one_speaker_at_a_time",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status", "position"], name="signup_list_idx")]

    def __str__(self) -> str:
        return f"{self.called_name} – {self.meeting_id} ({self.status})"


class CommentLottery(models.Model):
    """A recorded draw: re-running ``random.Random(seed).sample(entrants, places)`` gives
    ``drawn`` again, so anyone can audit it."""

    meeting = models.OneToOneField(
        "meetings.MeetingPage", on_delete=models.CASCADE, related_name="comment_lottery"
    )
    seed = models.CharField(_("seed"), max_length=64)
    entrants = models.JSONField(_("entrants (sign-up ids, in sign-up order)"))
    places = models.PositiveSmallIntegerField(_("places"))
    drawn = models.JSONField(_("drawn (sign-up ids, in speaking order)"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField()

    class Meta:
        verbose_name = _("public comment lottery")
        verbose_name_plural = _("public comment lotteries")

    def replay(self) -> list[int]:
        import random

        return random.Random(self.seed).sample(list(self.entrants), self.places)

    def is_reproducible(self) -> bool:
        return self.replay() == list(self.drawn)
