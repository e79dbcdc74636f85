"""A chooser for recommendations in the Wagtail admin, and its StreamField block, so a
meeting's agenda item can link the recommendation it discusses (the trail concern →
priority → recommendation → answer → board agenda item)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from advisory.models import Recommendation, RecommendationStatus


class _Choosable:
    """Submitted and answered recommendations (drafts stay with their group); a
    facilitator who is not an administrator or editor sees only their own groups'."""

    def get_object_list(self):
        from advisory.selectors.groups import facilitated_groups
        from cms.roles import Role, has_role

        rows = (
            Recommendation.objects.exclude(status=RecommendationStatus.DRAFT)
            .select_related("group")
            .order_by("-submitted_at", "-pk")
        )
        user = self.request.user
        if not (user.is_superuser or has_role(user, Role.EDITOR)):
            rows = rows.filter(group__in=facilitated_groups(user))
        return rows


class RecommendationChooseView(_Choosable, ChooseView):
    pass


class RecommendationChooseResultsView(_Choosable, ChooseResultsView):
    pass


class RecommendationChooserViewSet(ChooserViewSet):
    model = Recommendation
    icon = "doc-full"
    choose_one_text = _("Choose a recommendation")
    choose_another_text = _("Choose another recommendation")
    choose_view_class = RecommendationChooseView
    choose_results_view_class = RecommendationChooseResultsView
    register_widget = False  # only for blocks; no model form should offer every group's


recommendation_chooser = RecommendationChooserViewSet("recommendation_chooser")
RecommendationChooserBlock = recommendation_chooser.get_block_class(
    name="RecommendationChooserBlock", module_path="advisory.blocks"
)
