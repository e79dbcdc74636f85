"""The public page of an advisory group: a Wagtail page, translated with wagtail-localize
like every other site page, for visitors and families who want to join."""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from advisory.models.groups import AdvisoryGroup
from cms.blocks import BodyBlock


class GroupPage(RoutablePageMixin, Page):
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
        context["recommendations"] = self.visible_recommendations(context["is_in_group"])
        return context

    def visible_recommendations(self, is_in_group: bool) -> list:
        """Submitted and answered recommendations with their overdue flags: for visitors
        when the group publishes them, always for its own members."""
        from advisory.selectors.recommendations import recommendations_for_group

        if not (self.group.publish_recommendations or is_in_group):
            return []
        rows = recommendations_for_group(
            self.group, now=timezone.now(), language=get_language(), public_only=True
        )
        for r in rows:
            r.public_url = (
                self.recommendation_url(r.pk) if self.group.publish_recommendations else None
            )
        return rows

    def recommendation_url(self, pk: int) -> str:
        """The public page of one of the group's recommendations, under this page."""
        return f"{self.url or ''}{self.reverse_subpage('recommendation', args=[pk])}"

    @route("recommendations/<int:pk>/", name="recommendation")
    def recommendation(self, request, pk: int):
        """A submitted recommendation, its published answer, commitments and trail, for
        visitors, in the language of this (translated) page."""
        from advisory.models import Recommendation, RecommendationStatus
        from advisory.selectors import recommendations as selectors

        if not self.group.publish_recommendations:
            raise Http404
        try:
            rec = (
                Recommendation.objects.select_related("group", "round")
                .prefetch_related("leaders", "translations")
                .exclude(status=RecommendationStatus.DRAFT)
                .get(pk=pk, group=self.group)
            )
        except Recommendation.DoesNotExist:
            raise Http404 from None
        language = get_language()
        selectors.mark([rec], timezone.now(), language)
        answer = selectors.answer_with_commitments(rec, published_only=True)
        priorities = selectors.linked_priorities([rec], language)[rec.pk]
        return self.render(
            request,
            template="advisory/recommendations/public.html",
            context_overrides={
                "recommendation": rec,
                "group": self.group,
                "translated": selectors.reader_summary(rec, language),
                "priorities": priorities,
                "published_answer": answer,
                "answer_state": answer.state.label_in(language) if answer and answer.state else "",
                "timeline": selectors.timeline(rec, answer, priorities),
            },
        )
