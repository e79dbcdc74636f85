from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import CommunityPartner, PartnerLanguage


class CommunityPartnerViewSet(SnippetViewSet):
    model = CommunityPartner
    icon = "group"
    menu_label = _("Community partners")
    list_display = ["name", "area", "is_published"]
    list_filter = ["is_published", "services", "languages"]
    search_fields = ["name", "description", "area"]


class PartnerLanguageViewSet(SnippetViewSet):
    model = PartnerLanguage
    icon = "site"
    menu_label = _("Partner languages")
    list_display = ["name_local", "name_en", "code"]


class PartnersGroup(SnippetViewSetGroup):
    items = (CommunityPartnerViewSet, PartnerLanguageViewSet)
    menu_icon = "group"
    menu_label = _("Partners")
    menu_name = "partners"
    menu_order = 250


register_snippet(PartnersGroup)
