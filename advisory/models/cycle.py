"""The advisory cycle: rounds with phases, concerns with supports and comments, dot-vote
ballots, and the frozen ranking a closed round publishes.

Votes are secret: a ballot names its member only so that the database can enforce one
ballot per member per round; nothing shows who put dots where except to the voter.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from advisory.models.groups import AdvisoryGroup
from cms.models.translations import TranslationStatus


class Phase(models.TextChoices):
    DRAFT = "draft", _("Not started")
    COLLECTING = "collecting", _("Collecting concerns")
    VOTING = "voting", _("Voting")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.DRAFT)
    collecting_starts_on = models.DateField(_("collecting starts"), null=True, blank=True)
    voting_starts_on = models.DateField(_("voting starts"), null=True, blank=True)
    voting_ends_on = models.DateField(_("voting ends"), null=True, blank=True)
    dot_budget = models.PositiveSmallIntegerField(
        _("dots per member"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_dots_per_concern = models.PositiveSmallIntegerField(
        _("most dots on one concern"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_dots_per_concern__lte=F("dot_budget")),
                name="round_max_per_concern_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(voting_ends_on__isnull=True)
                | Q(voting_starts_on__isnull=True)
                | Q(voting_ends_on__gte=F("voting_starts_on")),
                name="round_voting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="one_topic_name_per_group")
        ]

    def __str__(self) -> str:
        return self.name


class ConcernStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a facilitator")
    MERGED = "merged", _("Merged into another concern")


class Concern(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="concerns")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="concerns"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added on the family's behalf by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what worries you"), max_length=5000)
    language = models.CharField(_("written in"), max_length=12)
    is_anonymous = models.BooleanField(_("hide my name from other members"), default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="concerns")
    audio = models.FileField(_("voice recording"), upload_to="concerns/audio/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ConcernStatus.choices, default=ConcernStatus.VISIBLE
    )
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [models.Index(fields=["round", "status"], name="concern_round_status_idx")]

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "user"], name="one_support_per_person")
        ]


class Comment(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=2000)
    language = models.CharField(_("written in"), max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")


class ContentTranslation(models.Model):
    """A translation of what a member wrote (a concern, a comment, or a recommendation's
    title and plain-language summary), kept apart from the original, with who made it and
    how far it got."""

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="translations"
    )
    recommendation = models.ForeignKey(
        "advisory.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="translations",
    )
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.REQUESTED,
    )
    is_machine = models.BooleanField(_("machine draft"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(concern__isnull=False)
                    & Q(comment__isnull=True)
                    & Q(recommendation__isnull=True)
                )
                | (
                    Q(concern__isnull=True)
                    & Q(comment__isnull=False)
                    & Q(recommendation__isnull=True)
                )
                | (
                    Q(concern__isnull=True)
                    & Q(comment__isnull=True)
                    & Q(recommendation__isnull=False)
                ),
                name="translation_of_exactly_one_item",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "language"],
                condition=Q(recommendation__isnull=False),
                name="one_translation_per_recommendation_language",
            ),
            models.UniqueConstraint(
                fields=["concern", "language"],
                condition=Q(concern__isnull=False),
                name="one_translation_per_concern_language",
            ),
            models.UniqueConstraint(
                fields=["comment", "language"],
                condition=Q(comment__isnull=False),
                name="one_translation_per_comment_language",
            ),
        ]


class Ballot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"], name="one_ballot_per_member_per_round"
            )
        ]


class Dot(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="dots")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="dots")
    count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "concern"], name="one_dot_line_per_concern"),
            models.CheckConstraint(condition=Q(count__gte=1), name="dots_positive"),
        ]


class RankedPriority(models.Model):
    """The frozen result of a closed round: one row per concern, in rank order."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="priorities")
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))
    dots = models.PositiveIntegerField(_("dots"))
    supporters = models.PositiveIntegerField(_("supporters"))
    is_tie = models.BooleanField(_("tied"), default=False)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "concern"], name="one_rank_per_concern")
        ]


class ModerationLog(models.Model):
    """Every facilitator action on a member's content: who, what, when."""

    group = models.ForeignKey(
        AdvisoryGroup, on_delete=models.CASCADE, related_name="moderation_log"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40)
    concern = models.ForeignKey(
        Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
