"""Recommendations drafted together from the group's priorities, and the leaders' answers.

A recommendation keeps every save as a numbered revision (who, when, a full snapshot); the
number on the recommendation row is the optimistic lock that stops one co-author from
overwriting another's text unseen. The answer is drafted privately by an addressed leader
and only its publication makes it (and its commitments) visible.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from advisory.models.cycle import Concern, ContentTranslation, Round, TranslationStatus
from advisory.models.groups import AdvisoryGroup

# The states every installation has; the migration seeds them, an admin may add more.
BUILTIN_ANSWER_STATES = {
    "accepted": _("Accepted"),
    "partly-accepted": _("Partly accepted"),
    "declined": _("Declined"),
    "needs-discussion": _("Needs discussion"),
}

# The fields every revision of a recommendation records.
RECOMMENDATION_FIELDS = ("title", "text", "reasons", "summary")


def summary_is_ready(translation: ContentTranslation) -> bool:
    """Written or checked by a person: a machine draft nobody checked does not count."""
    if not translation.text.strip():
        return False
    if translation.status == TranslationStatus.REVIEWED:
        return True
    return translation.status == TranslationStatus.DRAFT and not translation.is_machine


class AnswerState(models.Model):
    """A state a leader can give an answer. The four built-in states are translated by the
    site's catalogues; a state an admin adds carries its own labels per language."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)
    label_translations = models.JSONField(
        _("label in other languages"),
        default=dict,
        blank=True,
        help_text=_('Language code to label, for example {"es": "Aplazado"}.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("leaders can choose it"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer state")
        verbose_name_plural = _("answer states")

    def __str__(self) -> str:
        return self.label_in()

    def label_in(self, language: str | None = None) -> str:
        from django.utils import translation

        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if self.label_translations.get(language):
            return str(self.label_translations[language])
        if self.code in BUILTIN_ANSWER_STATES:
            with translation.override(language):
                return str(BUILTIN_ANSWER_STATES[self.code])
        return self.label


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")


class Recommendation(models.Model):
    group = models.ForeignKey(
        AdvisoryGroup, on_delete=models.CASCADE, related_name="recommendations"
    )
    # Recorded summaries (cms.AudioSummary) go when the recommendation goes.
    audio_summaries = GenericRelation("cms.AudioSummary")
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("round"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"), max_length=10000)
    reasons = models.TextField(_("reasons"), max_length=10000, blank=True)
    summary = models.TextField(_("plain-language summary"), max_length=3000, blank=True)
    language = models.CharField(_("written in"), max_length=12)
    concerns = models.ManyToManyField(
        Concern, blank=True, related_name="recommendations", verbose_name=_("priorities")
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coauthored_recommendations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.DRAFT,
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="recommendations_to_answer",
        verbose_name=_("addressed to"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["status", "due_on"], name="rec_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RecommendationStatus.DRAFT)
                | (Q(submitted_at__isnull=False) & Q(due_on__isnull=False)),
                name="recommendation_submitted_has_due_date",
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="recommendation_revision_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, now=None) -> bool:
        """Past its due date (a whole day after it) without a published answer."""
        if self.status != RecommendationStatus.SUBMITTED or self.due_on is None:
            return False
        today = timezone.localdate(now or timezone.now())
        return today > self.due_on

    def days_overdue(self, now=None) -> int:
        if not self.is_overdue(now):
            return 0
        return (timezone.localdate(now or timezone.now()) - self.due_on).days


class RecommendationRevision(models.Model):
    """One save of a draft: who, when and the full text of every field."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("recommendation"))
    reasons = models.TextField(_("reasons"), blank=True)
    summary = models.TextField(_("plain-language summary"), blank=True)
    concern_ids = models.JSONField(default=list, blank=True)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"], name="one_revision_number_per_recommendation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} r{self.number}"


class RecommendationComment(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=2000)
    language = models.CharField(_("written in"), max_length=12)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on a recommendation")
        verbose_name_plural = _("comments on recommendations")


class Answer(models.Model):
    """A leader's answer. Drafted privately; visible to the group only once published."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="answer"
    )
    audio_summaries = GenericRelation("cms.AudioSummary")
    state = models.ForeignKey(
        AnswerState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answer"),
    )
    text = models.TextField(_("answer text"), max_length=10000, blank=True)
    language = models.CharField(_("written in"), max_length=12)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (Q(state__isnull=False) & ~Q(text="")),
                name="published_answer_has_state_and_text",
            )
        ]

    def __str__(self) -> str:
        return gettext("Answer to %(title)s") % {"title": self.recommendation}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("commitment", "Planned")
    IN_PROGRESS = "in-progress", pgettext_lazy("commitment", "In progress")
    DONE = "done", pgettext_lazy("commitment", "Done")
    DROPPED = "dropped", pgettext_lazy("commitment", "Dropped")


class Commitment(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="commitments")
    what = models.CharField(_("what will be done"), max_length=500)
    owner = models.CharField(_("who is responsible"), max_length=200)
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="commitment_percent_max")
        ]

    def __str__(self) -> str:
        return self.what


class CommitmentUpdate(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=CommitmentStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="update_percent_max")
        ]


class PdfExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class PdfExport(models.Model):
    """A PDF made in the background (the group report of a round): the request only
    queues it, and the page shows "being prepared" until the file is ready."""

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=12)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=PdfExportStatus.choices, default=PdfExportStatus.PENDING
    )
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("PDF report")
        verbose_name_plural = _("PDF reports")
