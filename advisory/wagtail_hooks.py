from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from advisory.models import AdvisoryGroup, Concern, MembershipRole, ModerationLog, Poll, Round


class GroupScopedViewSet(SnippetViewSet):
    """Administrators see everything; anyone else only the groups they facilitate."""

    group_path = "group"

    def get_queryset(self, request):
        qs = self.model._default_manager.all()
        if request.user.is_superuser:
            return qs
        facilitated = request.user.memberships.filter(role=MembershipRole.FACILITATOR).values(
            "group"
        )
        return qs.filter(**{f"{self.group_path}__in": facilitated})


class AdvisoryGroupViewSet(GroupScopedViewSet):
    model = AdvisoryGroup
    icon = "group"
    group_path = "pk"
    list_display = ["name", "level", "school"]
    list_filter = ["level"]
    search_fields = ["name", "school"]


class RoundViewSet(GroupScopedViewSet):
    model = Round
    icon = "list-ol"
    list_display = ["title", "group", "phase", "dot_budget", "closed_at"]
    list_filter = ["phase", "group"]


class ConcernViewSet(GroupScopedViewSet):
    model = Concern
    icon = "help"
    group_path = "round__group"
    list_display = ["title", "round", "language", "status", "created_at"]
    list_filter = ["status", "language", "round__group"]
    search_fields = ["title", "text"]


class PollViewSet(GroupScopedViewSet):
    model = Poll
    icon = "tasks"
    list_display = ["question", "group", "kind", "opens_at", "closes_at"]
    list_filter = ["kind", "group"]


class ModerationLogViewSet(GroupScopedViewSet):
    model = ModerationLog
    icon = "history"
    list_display = ["created_at", "group", "actor", "action", "concern", "note"]
    list_filter = ["action", "group"]
    inspect_view_enabled = True


class AdvisoryAdminGroup(SnippetViewSetGroup):
    items = (AdvisoryGroupViewSet, RoundViewSet, ConcernViewSet, PollViewSet, ModerationLogViewSet)
    menu_icon = "group"
    menu_label = AdvisoryGroup._meta.verbose_name_plural
    menu_name = "advisory"
    menu_order = 200


register_snippet(AdvisoryAdminGroup)
