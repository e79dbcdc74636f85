from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from advisory.forms.announcements import AnnouncementForm
from advisory.selectors import announcement_of, announcements_with_stats, group_members
from advisory.services import announcement_send, announcement_unconfirmed_resend
from advisory.views.common import group_for
from cms.forms import add_service_errors
from cms.selectors import broadcast_progress


@login_required
def announcements(request, slug: str):
    group = group_for(request, slug, "advisory.announce")
    languages = list(group.working_languages)
    if request.method == "POST":
        form = AnnouncementForm(request.POST, working_languages=languages)
        if form.is_valid():
            try:
                announcement = announcement_send(
                    actor=request.user,
                    group=group,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    language=form.cleaned_data["language"],
                    translations=form.translations(),
                    send_at=form.cleaned_data["send_at"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if announcement.sent_at:
                    messages.success(request, _("Your announcement was sent."))
                else:
                    messages.success(request, _("Your announcement is scheduled."))
                return redirect("advisory:announcements", slug=group.slug)
    else:
        form = AnnouncementForm(initial={"language": get_language()}, working_languages=languages)
    return render(
        request,
        "advisory/announcements.html",
        {
            "group": group,
            "form": form,
            "announcements": announcements_with_stats(group),
            "member_count": group_members(group).count(),
        },
    )


@login_required
def announcement_progress(request, slug: str, pk: int):
    """How the sending goes, per channel and language; refreshes itself until done."""
    group = group_for(request, slug, "advisory.announce")
    announcement = announcement_of(group, pk)
    if announcement is None:
        raise Http404
    if request.method == "POST":
        count = announcement_unconfirmed_resend(actor=request.user, announcement=announcement)
        messages.success(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
        )
        return redirect("advisory:announcement_progress", slug=group.slug, pk=announcement.pk)
    broadcast = announcement.broadcast
    progress = broadcast_progress(broadcast) if broadcast else None
    return render(
        request,
        "advisory/announcement_progress.html",
        {
            "group": group,
            "announcement": announcement,
            "broadcast": broadcast,
            "progress": progress,
            "refresh": broadcast is not None and broadcast.state != "done",
        },
    )


urlpatterns = [
    path("<slug:slug>/announcements/", announcements, name="announcements"),
    path(
        "<slug:slug>/announcements/<int:pk>/",
        announcement_progress,
        name="announcement_progress",
    ),
]
