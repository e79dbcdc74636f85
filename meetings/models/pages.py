"""Meeting pages (Wagtail, translatable) and the indexes that list them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from advisory.models import AdvisoryGroup
from cms.page_context import ContextFromSelectors
from cms.panels import ReadabilityPanel
from meetings.blocks import AgendaBlock, MaterialsBlock


class MeetingKind(models.TextChoices):
    GROUP = "group", _("Group meeting")
    BOARD = "board", _("School board meeting")


class _MeetingListPage(ContextFromSelectors, Page):
    """A section listing its meetings, upcoming first, then past ones."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["meetings.MeetingPage"]

    class Meta:
        abstract = True


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


class MeetingPage(ContextFromSelectors, Page):
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

    def agenda_titles(self) -> list[str]:
        """The titles of the agenda's items, in order (speakers choose one to speak to)."""
        return [block.value["title"] for block in self.agenda if block.block_type == "item"]

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
