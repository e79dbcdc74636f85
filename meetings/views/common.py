"""Helpers the meeting views share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from meetings.models import InterpreterSlot, MeetingPage
from meetings.selectors import live_meetings, slots_with_meeting


def live_meeting(pk: int) -> MeetingPage:
    page = get_object_or_404(live_meetings(), pk=pk)
    return page


def back_to(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


def show_errors(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


def require_coordinator(request) -> None:
    if not request.user.has_perm("meetings.coordinate"):
        raise Http404


def slot_or_404(pk: int) -> InterpreterSlot:
    return get_object_or_404(slots_with_meeting(), pk=pk)
