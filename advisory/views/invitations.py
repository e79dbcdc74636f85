"""Joining a group by invitation, and the facilitators' members page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.invitations import AddFamilyForm, InvitationForm, JoinByCodeForm
from advisory.models import Invitation, Membership, MembershipRole
from advisory.selectors.members import (
    group_roster,
    invitation_by_token,
    is_in_group,
    memberships_with_user,
    pending_invitations,
)
from advisory.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_refusal,
    invitation_revoke,
    membership_add_on_behalf,
    membership_remove,
)
from advisory.views.common import group_for
from cms.forms import add_service_errors

INVITE_PREFIX = "invite"
FAMILY_PREFIX = "family"


def _after_joining(membership: Membership) -> str:
    """Where a person lands once they joined: the members page for a facilitator, the
    group's home for a member."""
    group = membership.group
    if membership.role == MembershipRole.FACILITATOR:
        return reverse("advisory:members", kwargs={"slug": group.slug})
    return reverse("advisory:group", kwargs={"slug": group.slug})


def _joined(request, membership: Membership):
    messages.success(
        request, _("Welcome! You joined the group “%(group)s”.") % {"group": membership.group.name}
    )
    return redirect(_after_joining(membership))


@login_required
def join(request):
    if request.method == "POST":
        form = JoinByCodeForm(request.POST)
        if form.is_valid():
            try:
                membership = invitation_accept(actor=request.user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _joined(request, membership)
    else:
        form = JoinByCodeForm()
    return render(request, "advisory/members/join.html", {"form": form})


@login_required
def join_token(request, token: str):
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            membership = invitation_accept(actor=request.user, token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _joined(request, membership)
    else:
        error = invitation_refusal(invitation, timezone.now())
        if error is None and is_in_group(request.user, invitation.group):
            error = _("You are already in the group “%(group)s”.") % {
                "group": invitation.group.name
            }
    return render(
        request,
        "advisory/members/join_token.html",
        {"invitation": invitation, "group": invitation.group, "error": error},
    )


@login_required
def members(request, slug: str):
    group = group_for(request, slug, "advisory.manage_members")
    invite_form = InvitationForm(prefix=INVITE_PREFIX, initial={"language": get_language()})
    family_form = AddFamilyForm(
        prefix=FAMILY_PREFIX, initial={"preferred_language": get_language()}
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "invite":
        invite_form = InvitationForm(request.POST, prefix=INVITE_PREFIX)
        if invite_form.is_valid():
            data = invite_form.cleaned_data
            try:
                invitation = invitation_create(
                    actor=request.user,
                    group=group,
                    email=data["email"],
                    phone=data["phone"],
                    role=data["role"],
                    language=data["language"],
                )
            except ValidationError as exc:
                add_service_errors(invite_form, exc)
            else:
                messages.success(
                    request,
                    _("The invitation is on its way. Its code is %(code)s.")
                    % {"code": invitation.code},
                )
                return redirect("advisory:members", slug=group.slug)
    elif action == "add_family":
        family_form = AddFamilyForm(request.POST, prefix=FAMILY_PREFIX)
        if family_form.is_valid():
            try:
                membership = membership_add_on_behalf(
                    actor=request.user, group=group, **family_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(family_form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is now a member of the group.")
                    % {"name": membership.user.display_name},
                )
                return redirect("advisory:members", slug=group.slug)
    now = timezone.now()
    return render(
        request,
        "advisory/members/members.html",
        {
            "group": group,
            "roster": group_roster(group),
            "invitations": pending_invitations(group, now),
            "invite_form": invite_form,
            "family_form": family_form,
            "show_contacts": request.user.has_perm("advisory.view_member_contacts", group),
        },
    )


@require_POST
@login_required
def member_remove(request, slug: str, pk: int):
    group = group_for(request, slug, "advisory.manage_members")
    membership = get_object_or_404(memberships_with_user(), pk=pk, group=group)
    try:
        membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s was removed from the group.") % {"name": membership.user.display_name},
        )
    return redirect("advisory:members", slug=group.slug)


@require_POST
@login_required
def invitation_revoke_view(request, slug: str, pk: int):
    group = group_for(request, slug, "advisory.invite")
    invitation = get_object_or_404(Invitation, pk=pk, group=group)
    try:
        invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("The invitation was cancelled."))
    return redirect("advisory:members", slug=group.slug)


# The literal "join/" paths come first, so that no group slug can shadow them.
urlpatterns = [
    path("join/", join, name="join"),
    path("join/<str:token>/", join_token, name="join_token"),
    path("<slug:slug>/members/", members, name="members"),
    path("<slug:slug>/members/<int:pk>/remove/", member_remove, name="member_remove"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        invitation_revoke_view,
        name="invitation_revoke",
    ),
]
