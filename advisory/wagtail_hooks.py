from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from advisory.models import AdvisoryGroup


class AdvisoryGroupViewSet(SnippetViewSet):
    model = AdvisoryGroup
    icon = "group"
    menu_label = _("Advisory groups")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "level", "school"]
    list_filter = ["level"]
    search_fields = ["name", "school"]


register_snippet(AdvisoryGroupViewSet)
