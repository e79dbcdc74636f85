"""Voting: a member's ballot (dots within the round's budget) and the results (live
totals while voting, the frozen ranking once closed), cached per round generation."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advisory import caching
from advisory.forms.cycle import (
    BallotForm,
)
from advisory.models import Phase, Round
from advisory.selectors.cycle import (
    ballot_concerns,
    ballot_count,
    frozen_priorities,
    live_totals,
    my_ballot,
    reader_titles,
)
from advisory.services import cycle as services
from advisory.views.common import round_of
from advisory.views.rounds import PAGE_SIZE
from cms import fragments
from cms.forms import add_service_errors


@login_required
def ballot(request, slug: str, pk: int):
    round_ = round_of(request, slug, pk)
    can_vote = rules.has_perm("advisory.vote", request.user, round_)
    posted = request.method == "POST" and can_vote
    refusal = None
    if posted:
        # Fields only for the concerns given dots: a saved ballot never reads the rest.
        votes = BallotForm(
            request.POST,
            concerns=ballot_concerns(round_, only=BallotForm.dotted_ids(request.POST)),
            max_per_concern=round_.max_dots_per_concern,
            only_submitted=True,
        )
        if votes.is_valid():
            try:
                services.ballot_cast(
                    actor=request.user, round_=round_, allocation=votes.allocation()
                )
            except ValidationError as exc:
                refusal = exc
            else:
                messages.success(
                    request, _("Your votes are saved. You can change them until voting closes.")
                )
                return redirect("advisory:ballot", slug=slug, pk=pk)
    concerns = ballot_concerns(round_)
    current = my_ballot(round_, request.user) if can_vote else {}
    form = BallotForm(
        request.POST if posted else None,
        concerns=concerns,
        max_per_concern=round_.max_dots_per_concern,
        initial_dots=current,
    )
    if posted:  # the whole ballot again, with what was typed and every error
        form.is_valid()
        if refusal is not None:
            add_service_errors(form, refusal)
    titles = reader_titles([c.pk for c in concerns], get_language())
    for concern in concerns:  # each concern's title in the reader's language, where translated
        concern.title = titles.get(concern.pk, concern.title)
        form.fields[f"c{concern.pk}"].label = concern.title
        form[f"c{concern.pk}"].label = concern.title
    used = sum(current.values())
    return render(
        request,
        "advisory/cycle/ballot.html",
        {
            "group": round_.group,
            "round": round_,
            "form": form,
            "can_vote": can_vote,
            "open": round_.phase == Phase.VOTING,
            "used": used,
            "left": round_.dot_budget - used,
        },
    )


@login_required
def results(request, slug: str, pk: int):
    round_ = round_of(request, slug, pk, "advisory.view_results")
    closed = round_.phase == Phase.CLOSED
    language = get_language()
    number = fragments.page_number(request)
    region = fragments.region(
        request,
        caching.round_topic(round_.pk),
        ("results", language, closed, number),
        lambda: (_results_region(round_, closed, language, number), None),
    )
    return render(
        request,
        "advisory/cycle/results.html",
        {"group": round_.group, "round": round_, "closed": closed, "region": region},
    )


def _results_region(round_: Round, closed: bool, language: str, number: int) -> str:
    """Totals (or the frozen ranking) with titles in the reader's language: the part of the
    results page that changes, cached by round generation."""
    rows = frozen_priorities(round_) if closed else live_totals(round_)
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    items = list(page.object_list)
    titles = reader_titles([row.concern_id if closed else row.pk for row in items], language)
    for row in items:
        concern = row.concern if closed else row
        row.shown_title = titles.get(concern.pk, concern.title)
    page.object_list = items
    return render_to_string(
        "advisory/cycle/_results_region.html",
        {
            "group": round_.group,
            "round": round_,
            "closed": closed,
            "page_obj": page,
            "priorities": items if closed else None,
            "totals": None if closed else items,
            "ballots": ballot_count(round_),
        },
    )


urlpatterns = [
    path("<slug:slug>/rounds/<int:pk>/ballot/", ballot, name="ballot"),
    path("<slug:slug>/rounds/<int:pk>/results/", results, name="results"),
]
