"""Quick polls of a group: the list, a new poll (facilitators), a poll with its vote form or
results, and closing a poll early."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.polls import PollForm, PollVoteForm
from advisory.selectors.polls import poll_for_group, polls_for_group
from advisory.services.polls import poll_close, poll_create, poll_vote
from advisory.views.common import group_for
from cms.forms import add_service_errors


@login_required
def polls(request, slug: str):
    group = group_for(request, slug, "advisory.view_group")
    return render(
        request,
        "advisory/polls/poll_list.html",
        {
            "group": group,
            "polls": polls_for_group(group, request.user, timezone.now()),
            "can_manage": request.user.has_perm("advisory.manage_polls", group),
        },
    )


@login_required
def poll_create_view(request, slug: str):
    group = group_for(request, slug, "advisory.manage_polls")
    languages = list(group.working_languages)
    if request.method == "POST":
        form = PollForm(request.POST, working_languages=languages)
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = poll_create(
                    actor=request.user,
                    group=group,
                    question=data["question"],
                    language=data["language"],
                    kind=data["kind"],
                    results_shown=data["results_shown"],
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    choices=form.choice_list(),
                    translations=form.translations(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your poll was created."))
                return redirect("advisory:poll_detail", slug=group.slug, pk=poll.pk)
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = PollForm(
            initial={
                "language": get_language(),
                "opens_at": now,
                "closes_at": now + timedelta(days=7),
            },
            working_languages=languages,
        )
    return render(request, "advisory/polls/poll_form.html", {"group": group, "form": form})


@login_required
def poll_detail(request, slug: str, pk: int):
    group = group_for(request, slug, "advisory.view_group")
    poll = poll_for_group(group, pk, request.user, timezone.now())
    if poll is None:
        raise Http404
    form = None
    if request.method == "POST":
        form = PollVoteForm(poll, request.POST)
        if form.is_valid():
            try:
                poll_vote(actor=request.user, poll=poll, choice_ids=form.choice_ids())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you. Your vote was counted."))
                return redirect("advisory:poll_detail", slug=group.slug, pk=poll.pk)
    elif poll.can_vote:
        form = PollVoteForm(poll)
    return render(
        request,
        "advisory/polls/poll_detail.html",
        {
            "group": group,
            "poll": poll,
            "form": form,
            "can_manage": request.user.has_perm("advisory.manage_polls", poll),
        },
    )


@login_required
@require_POST
def poll_close_view(request, slug: str, pk: int):
    group = group_for(request, slug, "advisory.manage_polls")
    poll = poll_for_group(group, pk, request.user, timezone.now())
    if poll is None:
        raise Http404
    try:
        poll_close(actor=request.user, poll=poll)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("The poll is closed."))
    return redirect("advisory:poll_detail", slug=group.slug, pk=poll.pk)


urlpatterns = [
    path("<slug:slug>/polls/", polls, name="polls"),
    path("<slug:slug>/polls/new/", poll_create_view, name="poll_create"),
    path("<slug:slug>/polls/<int:pk>/", poll_detail, name="poll_detail"),
    path("<slug:slug>/polls/<int:pk>/close/", poll_close_view, name="poll_close"),
]
