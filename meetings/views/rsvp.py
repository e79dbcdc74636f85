"""Replies to a meeting (RSVP with language, childcare and transport needs) and the
list of needs for those who organise."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cms.forms import add_service_errors
from meetings import services
from meetings.forms import RsvpForm
from meetings.selectors import (
    rsvp_counts,
    rsvp_of,
    rsvps_with_needs,
)
from meetings.views.common import live_meeting


@login_required
def rsvp(request, pk: int):
    page = live_meeting(pk)
    if not request.user.has_perm("meetings.rsvp", page):
        raise Http404
    current = rsvp_of(request.user, page)
    if request.method == "POST":
        form = RsvpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rsvp_set(
                    actor=request.user,
                    meeting=page,
                    response=data["response"],
                    language=data["language"],
                    children=data["children"],
                    transport=data["transport"],
                    access_needs=data["access_needs"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you. Your reply is saved."))
                return redirect(page.get_url(request) or "/")
    else:
        initial = {"children": 0}
        if current is not None:
            initial = {
                "response": current.response,
                "language": current.language,
                "children": current.children,
                "transport": current.transport,
                "access_needs": current.access_needs,
            }
        form = RsvpForm(initial=initial)
    return render(
        request,
        "meetings/rsvp_form.html",
        {
            "meeting": page,
            "form": form,
            "current": current,
            "replies_open": page.replies_open(),
        },
        status=200,
    )


@login_required
def rsvp_needs(request, pk: int):
    page = live_meeting(pk)
    if not request.user.has_perm("meetings.view_rsvp_needs", page):
        raise Http404
    return render(
        request,
        "meetings/rsvp_needs.html",
        {"meeting": page, "rsvps": rsvps_with_needs(page), "counts": rsvp_counts(page)},
    )
