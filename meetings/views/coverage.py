"""Coordinators' interpreter coverage: every upcoming meeting's languages, a meeting's
slots (create, propose from demand, delete, assign, unassign)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from meetings import services
from meetings.forms import AssignForm, SlotForm
from meetings.selectors import (
    claims_with_slot,
    coverage_for,
    coverage_upcoming,
    verified_interpreters_by_language,
)
from meetings.views.common import (
    back_to,
    live_meeting,
    require_coordinator,
    show_errors,
    slot_or_404,
)


@login_required
def coverage_all(request):
    require_coordinator(request)
    coverage = coverage_upcoming()
    gaps = [(item.meeting, row) for item in coverage for row in item.gaps]
    return render(
        request,
        "meetings/coverage_all.html",
        {"coverage": coverage, "gaps": gaps},
    )


@login_required
def coverage_meeting(request, pk: int, slot_form: SlotForm | None = None, status: int = 200):
    require_coordinator(request)
    page = live_meeting(pk)
    item = coverage_for([page])[0]
    interpreters = verified_interpreters_by_language({row.language for row in item.rows})
    for row in item.rows:
        for slot in row.slots:
            slot.assign_form = AssignForm(
                interpreters=interpreters.get(slot.language, []), prefix=f"slot{slot.pk}"
            )
    if slot_form is None:
        start = timezone.localtime(page.starts_at).replace(tzinfo=None)
        end = timezone.localtime(page.ends_at).replace(tzinfo=None)
        slot_form = SlotForm(initial={"starts_at": start, "ends_at": end, "mode": "consecutive"})
    return render(
        request,
        "meetings/coverage_meeting.html",
        {"meeting": page, "item": item, "slot_form": slot_form, "is_past": page.is_past()},
        status=status,
    )


@login_required
@require_POST
def slot_create(request, pk: int):
    require_coordinator(request)
    page = live_meeting(pk)
    form = SlotForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_create(
                actor=request.user,
                meeting=page,
                language=data["language"],
                mode=data["mode"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The slot is open. Verified interpreters were told."))
            return redirect("meetings:coverage_meeting", pk=page.pk)
    return coverage_meeting(request, pk, slot_form=form, status=400)


@login_required
@require_POST
def slots_propose(request, pk: int):
    require_coordinator(request)
    page = live_meeting(pk)
    try:
        created = services.slots_propose(actor=request.user, meeting=page)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        if created:
            messages.success(
                request,
                _("%(count)d slots were opened for the languages families asked for.")
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Every language families asked for already has a slot."))
    return redirect("meetings:coverage_meeting", pk=page.pk)


@login_required
@require_POST
def slot_delete(request, pk: int):
    require_coordinator(request)
    slot = slot_or_404(pk)
    services.slot_delete(actor=request.user, slot=slot)
    messages.success(request, _("The slot was removed."))
    return redirect(back_to(request, reverse("meetings:coverage_meeting", args=[slot.meeting_id])))


@login_required
@require_POST
def slot_assign(request, pk: int):
    require_coordinator(request)
    slot = slot_or_404(pk)
    interpreters = verified_interpreters_by_language({slot.language}).get(slot.language, [])
    form = AssignForm(request.POST, interpreters=interpreters, prefix=f"slot{slot.pk}")
    if not form.is_valid():
        messages.error(request, _("Please choose an interpreter verified for this language."))
    else:
        interpreter = next(u for u in interpreters if str(u.pk) == form.cleaned_data["interpreter"])
        try:
            services.slot_assign(
                actor=request.user,
                slot=slot,
                interpreter=interpreter,
                backup=form.cleaned_data["backup"],
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The interpreter was assigned and told."))
    return redirect(back_to(request, reverse("meetings:coverage_meeting", args=[slot.meeting_id])))


@login_required
@require_POST
def claim_unassign(request, pk: int):
    require_coordinator(request)
    claim = get_object_or_404(claims_with_slot(), pk=pk)
    try:
        services.claim_unassign(actor=request.user, claim=claim)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The interpreter was removed from the slot and told."))
    return redirect(
        back_to(request, reverse("meetings:coverage_meeting", args=[claim.slot.meeting_id]))
    )
