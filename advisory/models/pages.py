"""The public page of an advisory group: a Wagtail page, translated with wagtail-localize
like every other site page, for visitors and families who want to join."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from advisory.models.groups import AdvisoryGroup
from cms.blocks import BodyBlock
from cms.page_context import ContextFromSelectors, context_for


class GroupPage(ContextFromSelectors, RoutablePageMixin, Page):
    group = models.ForeignKey(
        AdvisoryGroup, on_delete=models.PROTECT, related_name="pages", verbose_name=_("group")
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("group"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = ["meetings.MeetingIndexPage"]

    template = "advisory/group_page.html"

    class Meta:
        verbose_name = _("advisory group page")

    def recommendation_url(self, pk: int) -> str:
        """The public page of one of the group's recommendations, under this page."""
        return f"{self.url or ''}{self.reverse_subpage('recommendation', args=[pk])}"

    @route("recommendations/<int:pk>/", name="recommendation")
    def recommendation(self, request, pk: int):
        """A submitted recommendation, its published answer, commitments and trail, for
        visitors, in the language of this (translated) page."""
        return self.render(
            request,
            template="advisory/recommendations/public.html",
            context_overrides=context_for(self, request, "recommendation", pk=pk),
        )
