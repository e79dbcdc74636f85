"""Meetings outside the page tree: lists, calendars, replies, coverage for coordinators,
the interpreter's page and the roster. Views parse with a form, call one service, and
redirect or re-render with the person's input."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.models import AdvisoryGroup
from cms.forms import add_service_errors
from cms.models import User
from meetings import calendar, services
from meetings.forms import AssignForm, AvailabilityForm, LanguageDeclareForm, RsvpForm, SlotForm
from meetings.models import InterpreterLanguage, InterpreterProfile, InterpreterSlot, MeetingPage
from meetings.selectors import (
    assignments_for,
    coverage_for,
    coverage_upcoming,
    meetings_listed,
    open_slots_for,
    rsvp_counts,
    rsvp_of,
    rsvps_with_needs,
    verified_languages_of,
)


def _live_meeting(pk: int) -> MeetingPage:
    page = get_object_or_404(MeetingPage.objects.live().select_related("locale", "group"), pk=pk)
    return page


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


def _show_errors(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


# Lists and calendars ------------------------------------------------------------------


LIST_PAGE_SIZE = 30


def _listing(request, *, group=None) -> dict:
    """Upcoming meetings a page at a time (a district has hundreds), the latest past ones
    on the first page."""
    now = timezone.now()
    upcoming = Paginator(meetings_listed(upcoming=True, now=now, group=group), LIST_PAGE_SIZE)
    page = upcoming.get_page(request.GET.get("page"))
    first = page.number == 1
    return {
        "group": group,
        "upcoming": page.object_list,
        "page_obj": page,
        "past": meetings_listed(upcoming=False, now=now, group=group, limit=20) if first else [],
        "past_elsewhere": not first,
    }


def meeting_list(request):
    return render(request, "meetings/meeting_list.html", _listing(request))


def group_meetings(request, slug: str):
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    return render(request, "meetings/meeting_list.html", _listing(request, group=group))


def _ics(body: bytes, filename: str, *, download: bool = True) -> HttpResponse:
    """A calendar file: one meeting downloads; a feed is served inline so calendar apps
    can subscribe to its address and refresh it."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def meeting_ics(request, pk: int):
    page = _live_meeting(pk)
    return _ics(calendar.calendar_for([page], request), f"meeting-{page.canonical_id}.ics")


def all_meetings_feed(request):
    now = timezone.now()
    pages = meetings_listed(upcoming=True, now=now) + meetings_listed(
        upcoming=False, now=now, limit=50
    )
    return _ics(calendar.calendar_for(pages, request), "meetings.ics", download=False)


def group_feed(request, slug: str):
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    now = timezone.now()
    pages = meetings_listed(upcoming=True, now=now, group=group) + meetings_listed(
        upcoming=False, now=now, group=group, limit=50
    )
    return _ics(
        calendar.calendar_for(pages, request, name=group.name),
        f"{group.slug}-meetings.ics",
        download=False,
    )


# Replies -------------------------------------------------------------------------------


@login_required
def rsvp(request, pk: int):
    page = _live_meeting(pk)
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
    page = _live_meeting(pk)
    if not request.user.has_perm("meetings.view_rsvp_needs", page):
        raise Http404
    return render(
        request,
        "meetings/rsvp_needs.html",
        {"meeting": page, "rsvps": rsvps_with_needs(page), "counts": rsvp_counts(page)},
    )


# Coverage ------------------------------------------------------------------------------


def _require_coordinator(request) -> None:
    if not request.user.has_perm("meetings.coordinate"):
        raise Http404


@login_required
def coverage_all(request):
    _require_coordinator(request)
    coverage = coverage_upcoming()
    gaps = [(item.meeting, row) for item in coverage for row in item.gaps]
    return render(
        request,
        "meetings/coverage_all.html",
        {"coverage": coverage, "gaps": gaps},
    )


def _interpreters_for(languages: set[str]) -> dict[str, list[User]]:
    """Interpreters verified per language (one query), for the assign forms."""
    result: dict[str, list[User]] = {code: [] for code in languages}
    rows = (
        InterpreterLanguage.objects.filter(
            language__in=languages,
            verified_at__isnull=False,
            profile__user__is_active=True,
            profile__user__groups__name="Interpreters",
        )
        .select_related("profile__user")
        .order_by("profile__user__display_name")
    )
    for row in rows:
        result[row.language].append(row.profile.user)
    return result


@login_required
def coverage_meeting(request, pk: int, slot_form: SlotForm | None = None, status: int = 200):
    _require_coordinator(request)
    page = _live_meeting(pk)
    item = coverage_for([page])[0]
    interpreters = _interpreters_for({row.language for row in item.rows})
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
    _require_coordinator(request)
    page = _live_meeting(pk)
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
    _require_coordinator(request)
    page = _live_meeting(pk)
    try:
        created = services.slots_propose(actor=request.user, meeting=page)
    except ValidationError as exc:
        _show_errors(request, exc)
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


def _slot(pk: int) -> InterpreterSlot:
    return get_object_or_404(InterpreterSlot.objects.select_related("meeting"), pk=pk)


@login_required
@require_POST
def slot_delete(request, pk: int):
    _require_coordinator(request)
    slot = _slot(pk)
    services.slot_delete(actor=request.user, slot=slot)
    messages.success(request, _("The slot was removed."))
    return redirect(_back(request, reverse("meetings:coverage_meeting", args=[slot.meeting_id])))


@login_required
@require_POST
def slot_assign(request, pk: int):
    _require_coordinator(request)
    slot = _slot(pk)
    interpreters = _interpreters_for({slot.language}).get(slot.language, [])
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
            _show_errors(request, exc)
        else:
            messages.success(request, _("The interpreter was assigned and told."))
    return redirect(_back(request, reverse("meetings:coverage_meeting", args=[slot.meeting_id])))


@login_required
@require_POST
def claim_unassign(request, pk: int):
    _require_coordinator(request)
    from meetings.models import SlotClaim

    claim = get_object_or_404(SlotClaim.objects.select_related("slot"), pk=pk)
    try:
        services.claim_unassign(actor=request.user, claim=claim)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(request, _("The interpreter was removed from the slot and told."))
    return redirect(
        _back(request, reverse("meetings:coverage_meeting", args=[claim.slot.meeting_id]))
    )


# Interpreters --------------------------------------------------------------------------


@login_required
def interpreting(
    request,
    form: LanguageDeclareForm | None = None,
    availability_form: AvailabilityForm | None = None,
    status: int = 200,
):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    profile = (
        InterpreterProfile.objects.filter(user=request.user)
        .prefetch_related("languages__verified_by")
        .first()
    )
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
    slot = _slot(pk)
    try:
        services.slot_claim(actor=request.user, slot=slot)
    except ValidationError as exc:
        _show_errors(request, exc)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The slot is yours. A confirmation is on its way."))
    return redirect(_back(request, reverse("meetings:interpreting")))


@login_required
@require_POST
def slot_release(request, pk: int):
    if not request.user.has_perm("meetings.interpret"):
        raise Http404
    slot = _slot(pk)
    try:
        services.slot_release(actor=request.user, slot=slot)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(request, _("You released the slot. Other interpreters were told."))
    return redirect(_back(request, reverse("meetings:interpreting")))


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
    _require_coordinator(request)
    profiles = (
        InterpreterProfile.objects.select_related("user")
        .prefetch_related("languages__verified_by")
        .order_by("user__display_name", "pk")
    )
    return render(request, "meetings/roster.html", {"profiles": profiles})


@login_required
@require_POST
def language_verify(request, pk: int):
    _require_coordinator(request)
    entry = get_object_or_404(InterpreterLanguage, pk=pk)
    verified = request.POST.get("verified") == "1"
    try:
        services.interpreter_language_verify(actor=request.user, entry=entry, verified=verified)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(
            request,
            _("The language is verified.") if verified else _("The verification was withdrawn."),
        )
    return redirect("meetings:roster")
