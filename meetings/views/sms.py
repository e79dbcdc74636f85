"""A facilitator sends a meeting's invitation to the group; families who get texts can
answer it by replying 1, 2 or 3 (see meetings/sms.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings.sms import meeting_invitation_send
from meetings.views.common import live_meeting


@login_required
@require_POST
def invitation_send(request, pk: int):
    page = live_meeting(pk)
    try:
        count = meeting_invitation_send(actor=request.user, meeting=page)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The invitation went to %(count)d person, in their language and channel.",
                "The invitation went to %(count)d people, in their language and channel.",
                count,
            )
            % {"count": count},
        )
    return redirect(page.get_url(request) or "/")
