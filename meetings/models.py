"""Meetings: meeting pages (Wagtail, translatable), RSVPs with language needs, the
interpreter roster, interpreter slots and the claims on them.

A meeting page exists once per locale (wagtail-localize copies share a translation_key).
RSVPs, slots and claims attach to ONE row per meeting, the *canonical* page: the first
page created with that translation_key (the source the others were translated from), so
the Vietnamese reader's RSVP and the English reader's count together.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from advisory.blocks import RecommendationChooserBlock
from advisory.models import AdvisoryGroup
from cms.panels import ReadabilityPanel

# Blocks ------------------------------------------------------------------------------


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    minutes = blocks.IntegerBlock(
        required=False, min_value=1, label=pgettext_lazy("length of an agenda item", "Minutes")
    )
    description = blocks.TextBlock(required=False, label=_("Description"))
    recommendation = RecommendationChooserBlock(required=False, label=_("Linked recommendation"))
    page = blocks.PageChooserBlock(required=False, label=_("Linked page"))
    url = blocks.URLBlock(required=False, label=_("Linked web address"))

    class Meta:
        icon = "list-ol"
        template = "meetings/blocks/agenda_item_block.html"
        label = _("Agenda item")


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()

    class Meta:
        template = "meetings/blocks/agenda_block.html"


class MaterialBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document")


class MaterialsBlock(blocks.StreamBlock):
    document = MaterialBlock()


# Pages -------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    GROUP = "group", _("Group meeting")
    BOARD = "board", _("School board meeting")


class _MeetingListPage(Page):
    """A section listing its meetings, upcoming first, then past ones."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["meetings.MeetingPage"]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from meetings.selectors import meetings_listed

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = meetings_listed(parent=self, upcoming=True, now=now)
        context["past"] = meetings_listed(parent=self, upcoming=False, now=now, limit=20)
        return context


class MeetingIndexPage(_MeetingListPage):
    """A group's meetings, under the group's public page."""

    parent_page_types = ["advisory.GroupPage"]
    max_count_per_parent = 1
    template = "meetings/meeting_index_page.html"

    class Meta:
        verbose_name = _("group meetings")


class BoardIndexPage(_MeetingListPage):
    """The school board's section: board meetings (later also public-comment sign-ups).
    It lives under the home page; cms.HomePage.subpage_types must name
    "meetings.BoardIndexPage" for editors to add one in the admin (the demo adds it in
    code)."""

    parent_page_types = ["cms.HomePage"]
    template = "meetings/meeting_index_page.html"

    class Meta:
        verbose_name = _("school board section")


class MeetingPage(Page):
    kind = models.CharField(
        _("kind"), max_length=8, choices=MeetingKind.choices, default=MeetingKind.GROUP
    )
    group = models.ForeignKey(
        AdvisoryGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_pages",
        verbose_name=_("group"),
        help_text=_("Filled in from the group page this meeting is under."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    rsvp_closes_at = models.DateTimeField(
        _("replies close"),
        null=True,
        blank=True,
        help_text=_("Families can answer and change their answer until then (default: the start)."),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    transport_notes = models.TextField(_("getting there"), blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    childcare_notes = models.TextField(_("childcare"), blank=True)
    food_notes = models.TextField(_("food"), blank=True)
    intro = models.TextField(_("about this meeting"), blank=True)
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("agenda"))
    materials = StreamField(MaterialsBlock(), blank=True, verbose_name=_("materials"))
    minutes = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
        verbose_name=_("minutes"),
    )
    summary = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        verbose_name=_("plain-language summary"),
        help_text=_("Short sentences and everyday words. Translated like the rest of the page."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("rsvp_closes_at"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("accessibility_notes"),
                FieldPanel("transport_notes"),
                FieldPanel("online_link"),
                FieldPanel("childcare_notes"),
                FieldPanel("food_notes"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("group"),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        MultiFieldPanel(
            [
                FieldPanel("minutes"),
                FieldPanel("summary"),
                ReadabilityPanel(["intro", "summary"]),
            ],
            heading=_("After the meeting"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("place"),
        index.SearchField("summary"),
    ]

    parent_page_types = ["meetings.MeetingIndexPage", "meetings.BoardIndexPage"]
    subpage_types: list[str] = []
    template = "meetings/meeting_page.html"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            ),
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    def save(self, *args, **kwargs):
        # The kind and group follow from where the page sits in the tree.
        if self.path:
            from advisory.models import GroupPage

            if BoardIndexPage.objects.ancestor_of(self).exists():
                self.kind = MeetingKind.BOARD
            else:
                self.kind = MeetingKind.GROUP
                if self.group_id is None:
                    group_page = GroupPage.objects.ancestor_of(self).first()
                    if group_page is not None:
                        self.group_id = group_page.group_id
        super().save(*args, **kwargs)

    # One meeting, many locales ------------------------------------------------------
    @property
    def canonical_id(self) -> int:
        cached = self.__dict__.get("_canonical_id")
        if cached is None:
            cached = (
                MeetingPage.objects.filter(translation_key=self.translation_key)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            ) or self.pk
            self.__dict__["_canonical_id"] = cached
        return cached

    @property
    def canonical(self) -> MeetingPage:
        if self.canonical_id == self.pk:
            return self
        return MeetingPage.objects.get(pk=self.canonical_id)

    @property
    def replies_close_at(self):
        return self.rsvp_closes_at or self.starts_at

    def replies_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.replies_close_at

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def get_context(self, request, *args, **kwargs):
        from meetings.selectors import meeting_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(meeting_page_context(self, request.user))
        return context


# RSVPs -------------------------------------------------------------------------------


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


# Interpreter roster -----------------------------------------------------------------


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


# Public comment (issue 7) lives in its own module; re-exported here for Django.
from meetings.comment_models import (  # noqa: E402
    ACTIVE_STATUSES,
    LIST_STATUSES,
    PLACE_STATUSES,
    Attendance,
    CommentLottery,
    PublicCommentSettings,
    SignupStatus,
    SpeakerOrder,
    SpeakerSignup,
    WhenFull,
)

__all__ = [
    "ACTIVE_STATUSES",
    "LIST_STATUSES",
    "PLACE_STATUSES",
    "AgendaBlock",
    "AgendaItemBlock",
    "Attendance",
    "BoardIndexPage",
    "CommentLottery",
    "Direction",
    "InterpreterLanguage",
    "InterpreterProfile",
    "InterpreterSlot",
    "InterpretingMode",
    "MaterialBlock",
    "MaterialsBlock",
    "MeetingIndexPage",
    "MeetingKind",
    "MeetingPage",
    "PublicCommentSettings",
    "Rsvp",
    "RsvpResponse",
    "SignupStatus",
    "SlotClaim",
    "SpeakerOrder",
    "SpeakerSignup",
    "WhenFull",
]
