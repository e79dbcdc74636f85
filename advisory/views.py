from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advisory.forms import AnnouncementForm
from advisory.models import AdvisoryGroup
from advisory.selectors import announcements_with_stats, group_members
from advisory.services import announcement_send


def _group_for(request, slug: str, permission: str) -> AdvisoryGroup:
    """The group, or 404 for anyone without the permission: another group's people
    cannot even learn that the page exists."""
    group = get_object_or_404(AdvisoryGroup, slug=slug)
    if not request.user.has_perm(permission, group):
        raise Http404
    return group


@login_required
def announcements(request, slug: str):
    group = _group_for(request, slug, "advisory.announce")
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
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
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
