"""The interpreter's page (open slots, claims, releases, declared languages,
availability) and the coordinator's roster with verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from meetings import services
from meetings.forms import AvailabilityForm, LanguageDeclareForm
from meetings.models import InterpreterLanguage
from meetings.selectors import (
    assignments_for,
    interpreter_profile_of,
    interpreter_roster,
    open_slots_for,
    verified_languages_of,
)
from meetings.views.common import back_to, require_coordinator, show_errors, slot_or_404


@login_required
def interpreting(
    request,
    form: LanguageDeclareForm | None = None,
    availability_form: AvailabilityForm | None = None,
    status: int = 200,
):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    profile = interpreter_profile_of(request.user)
    return render(
        request,
        "meetings/interpreting.html",
        {
            "assignments": assignments_for(request.user),
            "open_slots": open_slots_for(request.user),
            "languages": list(profile.languages.all()) if profile else [],
            "verified": verified_languages_of(request.user),
            "profile": profile,
            "form": form or LanguageDeclareForm(),
            "availability_form": availability_form
            or AvailabilityForm(
                initial={"availability_notes": profile.availability_notes if profile else ""}
            ),
        },
        status=status,
    )


@login_required
@require_POST
def slot_claim(request, pk: int):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    slot = slot_or_404(pk)
    try:
        services.slot_claim(actor=request.user, slot=slot)
    except ValidationError as exc:
        show_errors(request, exc)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The slot is yours. A confirmation is on its way."))
    return redirect(back_to(request, reverse("meetings:interpreting")))


@login_required
@require_POST
def slot_release(request, pk: int):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    slot = slot_or_404(pk)
    try:
        services.slot_release(actor=request.user, slot=slot)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("You released the slot. Other interpreters were told."))
    return redirect(back_to(request, reverse("meetings:interpreting")))


@login_required
@require_POST
def language_declare(request):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    form = LanguageDeclareForm(request.POST)
    if form.is_valid():
        try:
            services.interpreter_language_declare(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Saved. A coordinator will verify the language before you can claim.")
            )
            return redirect("meetings:interpreting")
    return interpreting(request, form=form, status=400)


@login_required
@require_POST
def availability_set(request):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.interpreter_availability_set(
                actor=request.user, availability_notes=form.cleaned_data["availability_notes"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your availability is saved."))
            return redirect("meetings:interpreting")
    return interpreting(request, availability_form=form, status=400)


@login_required
def roster(request):
    require_coordinator(request)
    profiles = interpreter_roster()
    return render(request, "meetings/roster.html", {"profiles": profiles})


@login_required
@require_POST
def language_verify(request, pk: int):
    require_coordinator(request)
    entry = get_object_or_404(InterpreterLanguage, pk=pk)
    verified = request.POST.get("verified") == "1"
    try:
        services.interpreter_language_verify(actor=request.user, entry=entry, verified=verified)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(
            request,
            _("The language is verified.") if verified else _("The verification was withdrawn."),
        )
    return redirect("meetings:roster")
