"""Voting: a member's ballot (dots within the round's budget) and the results (live
totals while voting, the frozen ranking once closed), cached per round generation."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import mark_safe
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
from cms.forms import add_service_errors


@login_required
def ballot(request, slug: str, pk: int):
    round_ = round_of(request, slug, pk)
    can_vote = rules.has_perm("advisory.vote", request.user, round_)
    concerns = ballot_concerns(round_)
    current = my_ballot(round_, request.user) if can_vote else {}
    titles = reader_titles([c.pk for c in concerns], get_language())
    for concern in concerns:
        concern.title = titles.get(concern.pk, concern.title)
    form = BallotForm(
        request.POST or None,
        concerns=concerns,
        max_per_concern=round_.max_dots_per_concern,
        initial_dots=current,
    )
    if request.method == "POST" and can_vote and form.is_valid():
        try:
            services.ballot_cast(actor=request.user, round_=round_, allocation=form.allocation())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your votes are saved. You can change them until voting closes.")
            )
            return redirect("advisory:ballot", slug=slug, pk=pk)
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
    number = request.GET.get("page") or "1"
    key = caching.fragment_key(
        round_.pk, caching.round_generation(round_.pk), "results", language, closed, number[:9]
    )
    region = cache.get(key)
    if region is None:
        region = _results_region(round_, closed, language, number)
        cache.set(key, region, caching.TIMEOUT)
    return render(
        request,
        "advisory/cycle/results.html",
        {"group": round_.group, "round": round_, "closed": closed, "region": mark_safe(region)},  # noqa: S308 - our own rendered, escaped template
    )


def _results_region(round_: Round, closed: bool, language: str, number: str) -> str:
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
