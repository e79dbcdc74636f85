"""Public comment pages: sign-up (and cancel), the clerk's list with its actions and
exports, the settings, and the live queue. Thin: parse, call one service, redirect or
re-render with the person's input."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import fragments
from cms.forms import add_service_errors
from meetings import broadcast
from meetings.models import MeetingPage, SignupStatus, SpeakerSignup, WhenFull
from meetings.public_comment import services
from meetings.public_comment.export import speakers_csv, speakers_pdf
from meetings.public_comment.forms import CommentSettingsForm, LotteryForm, SignupForm
from meetings.public_comment.selectors import (
    board_meetings,
    clerk_speakers_page,
    comment_public_summary,
    comment_report,
    comment_settings_of,
    families_facilitated_by,
    lottery_of,
    published_speakers,
    queue_state,
    recommendations_for_comment,
    signup_of,
    speakers_list,
)
from meetings.selectors import coverage_for


def _board_meeting(pk: int) -> MeetingPage:
    return get_object_or_404(board_meetings(), pk=pk)


def _require_clerk(request) -> None:
    if not request.user.has_perm("meetings.manage_comment"):
        raise Http404


def _agenda_choices(page: MeetingPage) -> list[tuple[str, str]]:
    """Agenda items as (the source page's title, the reader's translation): the clerk's
    list orders by the source titles, the reader chooses in their language."""
    source = page.canonical.agenda_titles()
    local = page.agenda_titles()
    if len(local) != len(source):
        local = source
    return list(zip(source, local, strict=True))


def _signup_form(request, page: MeetingPage, comment, data=None) -> SignupForm:
    user = request.user
    initial = {
        "called_name": getattr(user, "display_name", ""),
        "language": getattr(user, "preferred_language", "") or get_language(),
        "attendance": "in_person",
    }
    return SignupForm(
        data,
        initial=initial,
        agenda_titles=_agenda_choices(page),
        remote_allowed=comment.remote_allowed if comment else True,
        recommendations=recommendations_for_comment(user),
        members=families_facilitated_by(user),
    )


def comment(request, pk: int):
    """Sign up to speak, see your sign-up, or (anyone) see how many signed up."""
    page = _board_meeting(pk)
    settings_row = comment_settings_of(page)
    form = None
    status = 200
    can_sign_up = request.user.has_perm("meetings.comment_signup", page)
    if request.method == "POST":
        if not can_sign_up:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        form = _signup_form(request, page, settings_row, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                signup = services.comment_signup(
                    actor=request.user,
                    meeting=page,
                    user=data.get("member_obj"),
                    called_name=data["called_name"],
                    agenda_item=data["topic_text"],
                    attendance=data["attendance"],
                    language=data["language"],
                    needs_interpreter=data["needs_interpreter"],
                    comment_text=data["comment_text"],
                    recommendation=data.get("recommendation_obj"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                if signup.status == SignupStatus.WAITLISTED:
                    messages.info(request, _("The list is full: you are on the waiting list."))
                elif signup.status == SignupStatus.ENTERED:
                    messages.success(
                        request, _("You are in the lottery. We will tell you the result.")
                    )
                else:
                    messages.success(request, _("You are signed up to speak."))
                return redirect("meetings:comment", pk=page.pk)
        status = 400
    summary = comment_public_summary(page, comment=settings_row)
    mine = signup_of(request.user, page)
    if form is None and can_sign_up and summary.window_open and mine is None:
        form = _signup_form(request, page, settings_row)
    return render(
        request,
        "meetings/comment/comment.html",
        {
            "meeting": page,
            "summary": summary,
            "mine": mine,
            "form": form,
            "can_sign_up": can_sign_up,
            "can_manage": request.user.has_perm("meetings.manage_comment"),
            "speakers": published_speakers(page, comment=settings_row),
            "facilitates": bool(form is not None and "member" in form.fields),
        },
        status=status,
    )


@login_required
@require_POST
def comment_cancel(request, pk: int, signup_pk: int):
    page = _board_meeting(pk)
    signup = get_object_or_404(SpeakerSignup, pk=signup_pk, meeting_id=page.canonical_id)
    try:
        services.comment_cancel(actor=request.user, signup=signup)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("meetings:comment", pk=page.pk)


# Clerk -----------------------------------------------------------------------------------


CLERK_PAGE_SIZE = 30


@login_required
def clerk_list(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    settings_row = comment_settings_of(page)
    context = {"meeting": page, "settings": settings_row}
    if settings_row is not None:
        by_lottery = settings_row.when_full == WhenFull.LOTTERY
        context |= {
            "speakers": _speakers_region(request, page, settings_row),
            "lottery": lottery_of(page) if by_lottery else None,
            "lottery_form": LotteryForm() if by_lottery else None,
            "interpreters": _interpreters_region(request, page),
            "report": comment_report(page) if page.is_past() else None,
            # rules alone: the model backend would read two permission tables to say no.
            "can_coordinate": rules.has_perm("meetings.coordinate", request.user),
            "now": timezone.now(),
        }
    return render(request, "meetings/comment/clerk_list.html", context)


def _speakers_region(request, page: MeetingPage, settings_row) -> SafeString:
    """The list itself, a page at a time: cached per meeting, language and page until
    anything changes it (every sign-up and clerk service, the retention purge, a renamed
    person), since a live meeting's clerks reload it at every change."""
    number = fragments.page_number(request)

    def render_list():
        listing, speakers = clerk_speakers_page(page, settings_row, number, CLERK_PAGE_SIZE)
        context = {
            "meeting": page,
            "listing": listing,
            "page_obj": speakers,
            "csrf_token": fragments.CSRF_PLACEHOLDER,
        }
        return render_to_string("meetings/comment/_speakers.html", context), None

    return fragments.region(
        request,
        (broadcast.speakers_topic(page.canonical_id), fragments.PEOPLE),
        (page.pk, get_language(), number),
        render_list,
    )


def _interpreters_region(request, page: MeetingPage) -> SafeString:
    """Which languages still lack an interpreter: cached until a sign-up changes (the
    speakers asking for one) or the coverage does (RSVPs, slots and claims mark it changed:
    meetings/broadcast.py), without re-rendering the speakers list for the latter."""

    def render_coverage():
        rows = coverage_for([page])[0].rows
        return render_to_string("meetings/comment/_interpreters.html", {"interpreters": rows}), None

    return fragments.region(
        request,
        (broadcast.speakers_topic(page.canonical_id), broadcast.coverage_topic(page.canonical_id)),
        ("interpreters", get_language()),
        render_coverage,
    )


def _clerk_signup(page: MeetingPage, signup_pk: int) -> SpeakerSignup:
    return get_object_or_404(SpeakerSignup, pk=signup_pk, meeting_id=page.canonical_id)


def _after_clerk_action(request, page: MeetingPage, call) -> HttpResponse:
    try:
        call()
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except PermissionDenied:
        raise Http404 from None
    return redirect("meetings:comment_clerk", pk=page.pk)


@login_required
@require_POST
def clerk_mark(request, pk: int, signup_pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    signup = _clerk_signup(page, signup_pk)
    status = request.POST.get("status", "")
    return _after_clerk_action(
        request,
        page,
        lambda: services.speaker_mark(actor=request.user, signup=signup, status=status),
    )


@login_required
@require_POST
def clerk_move(request, pk: int, signup_pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    signup = _clerk_signup(page, signup_pk)
    up = request.POST.get("direction") == "up"
    return _after_clerk_action(
        request, page, lambda: services.speaker_move(actor=request.user, signup=signup, up=up)
    )


@login_required
@require_POST
def clerk_advance(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    return _after_clerk_action(
        request, page, lambda: services.queue_advance(actor=request.user, meeting=page)
    )


@login_required
@require_POST
def clerk_lottery(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    form = LotteryForm(request.POST)
    seed = form.cleaned_data["seed"].strip() if form.is_valid() else ""
    return _after_clerk_action(
        request,
        page,
        lambda: services.lottery_draw(actor=request.user, meeting=page, seed=seed or None),
    )


@login_required
def clerk_settings(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    current = comment_settings_of(page)
    if request.method == "POST":
        form = CommentSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.comment_settings_set(actor=request.user, meeting=page, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The public comment settings are saved."))
                return redirect("meetings:comment_clerk", pk=page.pk)
        status = 400
    else:
        status = 200
        if current is not None:
            initial = {name: getattr(current, name) for name in services.SETTING_FIELDS}
            for name in ("opens_at", "closes_at"):
                initial[name] = timezone.localtime(initial[name]).replace(tzinfo=None)
        else:
            opens = timezone.localtime(timezone.now()).replace(second=0, microsecond=0)
            closes = timezone.localtime(page.starts_at)
            initial = {
                "signup_open": True,
                "opens_at": opens.replace(tzinfo=None),
                "closes_at": closes.replace(tzinfo=None),
                "speaker_cap": 20,
                "minutes_per_speaker": 3,
                "interpreted_extra_minutes": 3,
                "remote_allowed": True,
                "when_full": "waitlist",
                "order": "first_come",
            }
        form = CommentSettingsForm(initial=initial)
    return render(
        request,
        "meetings/comment/settings.html",
        {"meeting": page, "form": form},
        status=status,
    )


def _export_name(page: MeetingPage, ext: str) -> str:
    return f"speakers-{page.canonical_id}.{ext}"


@login_required
def clerk_csv(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    settings_row = comment_settings_of(page)
    if settings_row is None:
        raise Http404
    body = speakers_csv(speakers_list(page, settings_row))
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(page, "csv")}"'
    return response


@login_required
def clerk_pdf(request, pk: int):
    _require_clerk(request)
    page = _board_meeting(pk)
    settings_row = comment_settings_of(page)
    if settings_row is None:
        raise Http404
    pdf = speakers_pdf(page, speakers_list(page, settings_row), get_language())
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(page, "pdf")}"'
    return response


# Live queue ----------------------------------------------------------------------------


def _queue_context(request, page: MeetingPage) -> dict:
    state = queue_state(page)
    if state.settings is None:
        raise Http404
    mine = signup_of(request.user, page)
    return {
        "meeting": page,
        "state": state,
        "show_names": request.user.has_perm("meetings.manage_comment"),
        "mine_pk": mine.pk if mine else None,
        "now": timezone.now(),
    }


def queue(request, pk: int):
    page = _board_meeting(pk)
    return render(request, "meetings/comment/queue.html", _queue_context(request, page))
