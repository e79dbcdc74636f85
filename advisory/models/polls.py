"""Quick polls: single- or multiple-choice questions for small decisions (a meeting time,
a topic), one vote per member, results hidden until one votes or until the poll closes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from advisory.models.groups import AdvisoryGroup


class PollKind(models.TextChoices):
    SINGLE = "single", _("Choose one")
    MULTIPLE = "multiple", _("Choose one or more")


class ResultsShown(models.TextChoices):
    AFTER_VOTE = "after_vote", _("After voting")
    AFTER_CLOSE = "after_close", _("After the poll closes")


class Poll(models.Model):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=300)
    language = models.CharField(_("written in"), max_length=12)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE
    )
    results_shown = models.CharField(
        _("results shown"),
        max_length=12,
        choices=ResultsShown.choices,
        default=ResultsShown.AFTER_VOTE,
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="poll_closes_after_it_opens"
            )
        ]

    def __str__(self) -> str:
        return self.question


class PollTranslation(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=12)
    question = models.CharField(_("question"), max_length=300)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "language"], name="one_poll_translation_per_language"
            )
        ]


class PollChoice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class PollChoiceTranslation(models.Model):
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=12)
    text = models.CharField(_("choice"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["choice", "language"], name="one_choice_translation_per_language"
            )
        ]


class PollVote(models.Model):
    """One per member per poll (the database enforces it); which choices a member picked is
    never shown to anyone else."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choices = models.ManyToManyField(PollChoice, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="one_poll_vote_per_member")
        ]
