"""Meetings in the Wagtail admin: the interpreter roster and the slots. Verification of a
language happens on the coordinators' roster page (/meetings/roster/), which records who
verified it and when."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from meetings.models import InterpreterProfile, InterpreterSlot


class InterpreterProfileViewSet(SnippetViewSet):
    model = InterpreterProfile
    icon = "user"
    list_display = ["user", "created_at"]
    search_fields = ["user__display_name", "user__email"]


class InterpreterSlotViewSet(SnippetViewSet):
    model = InterpreterSlot
    icon = "time"
    list_display = ["meeting", "language", "mode", "starts_at", "ends_at"]
    list_filter = ["language", "mode"]
    inspect_view_enabled = True


class MeetingsAdminGroup(SnippetViewSetGroup):
    items = (InterpreterProfileViewSet, InterpreterSlotViewSet)
    menu_icon = "date"
    menu_label = InterpreterProfile._meta.verbose_name_plural
    menu_name = "meetings"
    menu_order = 210


register_snippet(MeetingsAdminGroup)
