"""The advisory models in the Wagtail admin.

Administrators manage everything. A facilitator manages only the groups they facilitate:
the listings, every object view (edit, inspect, history, usage, delete) and the form's
choices are scoped by ``GroupScopedPermissionPolicy``, which asks the same django-rules
questions as the front end; another group's object is a 404. Phases, moderation and
memberships keep to their own services on the front-end pages (they log, notify and
enforce the cycle's rules), and every change made here is written to the moderation log.
"""

from django import forms
from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    ObjectList,
    Panel,
    extract_panel_definitions_from_model_class,
)
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from advisory.models import (
    AdvisoryGroup,
    Concern,
    ModerationLog,
    Phase,
    Poll,
    Round,
)
from advisory.rules import is_group_facilitator
from advisory.selectors.groups import facilitated_groups
from advisory.services.cycle import admin_change_record
from cms.languages import language_name
from cms.roles import Role, has_role


class GroupScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions for staff; for a facilitator, ``facilitator_actions`` on
    the objects of the groups they facilitate, and nothing else."""

    def __init__(self, model, *, group_path: str, facilitator_actions: set[str]):
        super().__init__(model)
        self.group_path = group_path
        self.facilitator_actions = facilitator_actions

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        # From the person's roles, read once per request: no query per menu item.
        return action in self.facilitator_actions and has_role(user, Role.FACILITATOR)

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        if action not in self.facilitator_actions or not user.is_authenticated:
            return False
        return is_group_facilitator(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if any(
            super(GroupScopedPermissionPolicy, self).user_has_permission(user, a) for a in actions
        ):
            return manager.all()
        if not set(actions) & self.facilitator_actions or not user.is_authenticated:
            return manager.none()
        return manager.filter(**{f"{self.group_path}__in": facilitated_groups(user)})


def _scoped(view_class, action: str):
    """An object view that answers 404 for an object the person may not ``action``."""

    class Scoped(view_class):
        def get_object(self, *args, **kwargs):
            obj = super().get_object(*args, **kwargs)
            policy = self.permission_policy
            if not (
                policy.user_has_permission_for_instance(self.request.user, action, obj)
                or (
                    action == "view"
                    and policy.user_has_permission_for_instance(self.request.user, "change", obj)
                )
            ):
                raise Http404
            return obj

    Scoped.__name__ = f"GroupScoped{view_class.__name__}"
    return Scoped


class GroupScopedForm(WagtailAdminModelForm):
    """Offers a facilitator only the groups (or rounds) they facilitate."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        user = for_user
        if user is None or user.has_perm(f"advisory.change_{self._meta.model._meta.model_name}"):
            return
        groups = facilitated_groups(user)
        if "group" in self.fields:
            self.fields["group"].queryset = AdvisoryGroup.objects.filter(pk__in=groups)
        if "round" in self.fields:
            self.fields["round"].queryset = Round.objects.filter(group__in=groups)


class AdvisoryGroupAdminForm(GroupScopedForm):
    """Without the membership list for anyone who may not change it (its panel is then
    not shown either), so a facilitator's save cannot touch memberships."""

    formset_permissions = {"memberships": "advisory.change_group_structure"}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "working_languages" in self.fields:
            self.fields["working_languages"] = forms.MultipleChoiceField(
                label=_("Working languages"),
                help_text=_("The languages the group works in: members' writing is "
                            "translated into each of them."),
                choices=[(code, language_name(code)) for code, _name in settings.LANGUAGES],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=self.instance.working_languages,
            )  # fmt: skip
        for name, permission in self.formset_permissions.items():
            if name in self.formsets and not (for_user and for_user.has_perm(permission)):
                del self.formsets[name]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in reserved_group_slugs():
            raise forms.ValidationError(
                _("“%(slug)s” is already a page of the site; please choose another."),
                params={"slug": slug},
                code="reserved",
            )
        return slug


def reserved_group_slugs() -> set[str]:
    """Fixed first parts of the groups' addresses (``join/``, ``translations/``...), which
    a group's own address would be hidden behind."""
    from advisory.urls import urlpatterns

    return {
        str(p.pattern).split("/")[0]
        for p in urlpatterns
        if not str(p.pattern).startswith("<") and str(p.pattern)
    }


class RestrictedInlinePanel(InlinePanel):
    """An inline panel that stays out of the page when its form left its formset out."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            panel, form = kwargs["panel"], kwargs.get("form")
            self.left_out = form is not None and panel.relation_name not in form.formsets
            if self.left_out:
                Panel.BoundPanel.__init__(self, **kwargs)
                self.label, self.formset, self.children = panel.label, None, []
                return
            super().__init__(**kwargs)

        def is_shown(self):
            return not self.left_out and super().is_shown()


class RoundAdminForm(GroupScopedForm):
    def clean(self):
        data = super().clean()
        instance = self.instance
        if instance.pk and instance.phase not in (Phase.DRAFT, Phase.COLLECTING):
            for name in ("dot_budget", "max_dots_per_concern"):
                if name in self.changed_data:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Dots cannot change once voting has started."), code="locked"
                        ),
                    )
        return data


class GroupScopedViewSet(SnippetViewSet):
    group_path = "group"
    facilitator_actions: set[str] = {"view"}
    inspect_view_enabled = True
    admin_form_class = GroupScopedForm
    edit_view_class = _scoped(snippet_views.EditView, "change")
    delete_view_class = _scoped(snippet_views.DeleteView, "delete")
    copy_view_class = _scoped(snippet_views.CopyView, "add")
    inspect_view_class = _scoped(snippet_views.InspectView, "view")
    history_view_class = _scoped(snippet_views.HistoryView, "view")
    usage_view_class = _scoped(snippet_views.UsageView, "view")

    def on_register(self):
        register_permission_policy(
            self.model,
            GroupScopedPermissionPolicy(
                self.model,
                group_path=self.group_path,
                facilitator_actions=self.facilitator_actions,
            ),
        )
        super().on_register()

    def get_panels(self) -> list:
        return getattr(self, "panels", None) or getattr(self.model, "panels", None) or []

    def get_edit_handler(self):
        panels = self.get_panels()
        if not panels:
            panels = extract_panel_definitions_from_model_class(
                self.model, exclude=self.get_exclude_form_fields()
            )
        return ObjectList(panels, base_form_class=self.admin_form_class).bind_to_model(self.model)

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["view", "change"]
        )


class AdvisoryGroupViewSet(GroupScopedViewSet):
    model = AdvisoryGroup
    icon = "group"
    group_path = "pk"
    facilitator_actions = {"view", "change"}
    admin_form_class = AdvisoryGroupAdminForm

    def get_panels(self) -> list:
        """The model's panels; the web address and the membership list are for
        administrators only (facilitators manage members on the group's pages, where
        invitations and removals are recorded)."""
        panels = []
        for panel in self.model.panels:
            if getattr(panel, "field_name", None) == "slug":
                panel = panel.clone()
                panel.permission = "advisory.change_group_structure"
            elif isinstance(panel, InlinePanel):
                panel = RestrictedInlinePanel(**panel.clone_kwargs())
            panels.append(panel)
        return panels

    list_display = ["name", "level", "school"]
    list_filter = ["level"]
    search_fields = ["name", "school"]


class RoundViewSet(GroupScopedViewSet):
    model = Round
    icon = "list-ol"
    facilitator_actions = {"view", "add", "change"}
    admin_form_class = RoundAdminForm
    list_display = ["title", "group", "phase", "dot_budget", "closed_at"]
    list_filter = ["phase", "group"]
    panels = [
        HelpPanel(
            content=_(
                "Phases are opened and closed on the round's page, where the group is told "
                "and the ranking is frozen."
            )
        ),
        FieldPanel("group"),
        FieldPanel("title"),
        FieldPanel("collecting_starts_on"),
        FieldPanel("voting_starts_on"),
        FieldPanel("voting_ends_on"),
        FieldPanel("dot_budget"),
        FieldPanel("max_dots_per_concern"),
    ]


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
    facilitator_actions = {"view", "change"}
    list_display = ["question", "group", "kind", "opens_at", "closes_at"]
    list_filter = ["kind", "group"]
    panels = [
        FieldPanel("question"),
        FieldPanel("results_shown"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
    ]


class ModerationLogViewSet(GroupScopedViewSet):
    model = ModerationLog
    icon = "history"
    list_display = ["created_at", "group", "actor", "action", "concern", "note"]
    list_filter = ["action", "group"]


class AdvisoryAdminGroup(SnippetViewSetGroup):
    items = (AdvisoryGroupViewSet, RoundViewSet, ConcernViewSet, PollViewSet, ModerationLogViewSet)
    menu_icon = "group"
    menu_label = AdvisoryGroup._meta.verbose_name_plural
    menu_name = "advisory"
    menu_order = 200


register_snippet(AdvisoryAdminGroup)


@hooks.register("register_admin_viewset")
def _recommendation_chooser():
    from advisory.blocks import recommendation_chooser

    return recommendation_chooser


_LOGGED = (AdvisoryGroup, Round, Concern, Poll)


@hooks.register("after_create_snippet")
def _record_create(request, instance):
    if isinstance(instance, _LOGGED):
        admin_change_record(actor=request.user, obj=instance, action="admin_create")


@hooks.register("after_edit_snippet")
def _record_edit(request, instance):
    if isinstance(instance, _LOGGED):
        admin_change_record(actor=request.user, obj=instance, action="admin_edit")


@hooks.register("before_delete_snippet")
def _record_delete(request, instances):
    if request.method == "POST":
        for instance in instances:
            if isinstance(instance, _LOGGED):
                admin_change_record(actor=request.user, obj=instance, action="admin_delete")


from advisory import admin_recommendations  # noqa: E402,F401 - answer states (recommendations)
