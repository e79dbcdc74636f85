"""The public page of an advisory group: a Wagtail page, translated with wagtail-localize
like every other site page, for visitors and families who want to join."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from advisory.models.groups import AdvisoryGroup
from cms.blocks import BodyBlock


class GroupPage(Page):
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["is_in_group"] = user.is_authenticated and user.has_perm(
            "advisory.view_group", self.group
        )
        return context
