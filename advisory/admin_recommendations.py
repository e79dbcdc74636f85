"""Wagtail admin for recommendations: the answer states leaders choose from. The four
built-in states come from the migration; an administrator may add more (with a label per
language) or stop offering one. Imported at the end of ``advisory/wagtail_hooks.py``."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from advisory.models import AnswerState


class AnswerStateViewSet(SnippetViewSet):
    model = AnswerState
    icon = "tick-inverse"
    menu_label = _("Answer states")
    menu_name = "answer_states"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["label", "code", "position", "is_active"]
    ordering = ["position", "pk"]
    panels = [
        FieldPanel("label"),
        FieldPanel("code"),
        FieldPanel("label_translations"),
        FieldPanel("position"),
        FieldPanel("is_active"),
    ]


register_snippet(AnswerStateViewSet)
