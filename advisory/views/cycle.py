"""The group's home, rounds, concerns, ballots and results."""

import zlib

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory import caching
from advisory.forms.cycle import (
    BallotForm,
    CommentForm,
    ConcernForm,
    HideForm,
    MergeForm,
    RoundForm,
    TagForm,
)
from advisory.models import Concern, ConcernStatus, Phase, Round, Topic
from advisory.selectors.cycle import (
    ballot_count,
    concern_cards,
    concern_comments,
    concerns_for_round,
    current_round,
    frozen_priorities,
    live_totals,
    my_ballot,
    reader_titles,
    supported_concern_ids,
)
from advisory.services import cycle as services
from advisory.views.common import group_for, obj_for
from cms.forms import add_service_errors

PAGE_SIZE = 30
CSRF_PLACEHOLDER = "__advisory_csrf_token__"


def _round_of(request, slug: str, pk: int, perm: str = "advisory.view_group") -> Round:
    """The round with its group in one query, or 404 for anyone without ``perm`` on it."""
    return obj_for(request, Round.objects.select_related("group"), perm, pk=pk, group__slug=slug)


def _concern_of(request, slug: str, pk: int, perm: str = "advisory.view_group") -> Concern:
    group = group_for(request, slug, "advisory.view_group")
    return obj_for(
        request,
        Concern.objects.select_related("round__group", "author", "merged_into"),
        perm,
        pk=pk,
        round__group=group,
    )


@login_required
def group_home(request, slug: str):
    group = group_for(request, slug, "advisory.view_group")
    round = current_round(group)
    return render(
        request,
        "advisory/cycle/group.html",
        {
            "group": group,
            "round": round,
            "rounds": group.rounds.all()[:10],
            "can_manage": request.user.has_perm("advisory.manage_round", group),
            "round_form": RoundForm(),
        },
    )


@login_required
@require_POST
def round_create(request, slug: str):
    group = group_for(request, slug, "advisory.manage_round")
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round = services.round_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The round is created. Open it for concerns when you are ready.")
            )
            return redirect("advisory:round", slug=group.slug, pk=round.pk)
    return render(
        request,
        "advisory/cycle/group.html",
        {
            "group": group,
            "round": current_round(group),
            "rounds": group.rounds.all()[:10],
            "can_manage": True,
            "round_form": form,
        },
    )


@login_required
@require_POST
def round_advance(request, slug: str, pk: int):
    round = _round_of(request, slug, pk, "advisory.manage_round")
    try:
        round = services.round_advance(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The round is now: %(phase)s.") % {"phase": round.get_phase_display()}
        )
    if round.phase == Phase.CLOSED:
        return redirect("advisory:results", slug=slug, pk=round.pk)
    return redirect("advisory:round", slug=slug, pk=round.pk)


def _round_page(request, round: Round, form: ConcernForm | None = None, status: int = 200):
    moderator = request.user.has_perm("advisory.moderate", round)
    can_submit = round.phase == Phase.COLLECTING and rules.has_perm(
        "advisory.submit_concern", request.user, round
    )
    if form is None and can_submit:
        topics = list(Topic.objects.filter(group=round.group))
        form = ConcernForm(initial={"language": get_language()}, topics=topics)
    gen = caching.round_generation(round.pk)
    page, items = _concern_list_page(request, round, gen, moderator)
    return render(
        request,
        "advisory/cycle/round.html",
        {
            "group": round.group,
            "round": round,
            "page_obj": page,
            "cards": _concern_cards(request, round, gen, items),
            "form": form,
            "can_submit": can_submit,
            "can_manage": request.user.has_perm("advisory.manage_round", round),
            "moderator": moderator,
        },
        status=status,
    )


def _concern_list_page(request, round: Round, gen: str, moderator: bool) -> tuple:
    """Which concerns this reader sees on this page, and how (whether the author's name
    shows, whether they support it). The answer is cached per round generation, people
    generation and reader, since moderators, authors of hidden concerns and supporters
    each see their own; so a warm page runs no query for it."""
    user = request.user
    number = (request.GET.get("page") or "1")[:9]
    key = caching.fragment_key(
        round.pk, gen, "page", caching.people_generation(), user.pk, int(moderator), number
    )
    skeleton = cache.get(key)
    if skeleton is None:
        page = Paginator(concerns_for_round(round, user, moderator=moderator), PAGE_SIZE).get_page(
            number
        )
        concerns = list(page.object_list)
        supported = supported_concern_ids(user, [c.pk for c in concerns])
        items = [
            (
                c.pk,
                not c.is_anonymous or moderator or c.author_id == user.pk,
                c.pk in supported,
                zlib.crc32((c.author.display_name if c.author_id else "").encode()),
            )
            for c in concerns
        ]
        skeleton = (page.paginator.count, page.number, items)
        cache.set(key, skeleton, caching.TIMEOUT)
    count, number, items = skeleton
    # The page links need only the count: page through a range, not the table again.
    return Paginator(range(count), PAGE_SIZE).get_page(number), items


def _concern_cards(request, round: Round, gen: str, items: list) -> list:
    """The page's concern cards as HTML. Each card is cached per round generation, reader
    language and the reader-specific bits from ``_concern_list_page``; a miss is rendered from
    ``concern_cards`` in a fixed number of queries, so the count stays flat either way."""
    language = get_language()
    keys = {
        pk: caching.fragment_key(
            round.pk, gen, "card", pk, language, int(show_author), int(supported), name_crc
        )
        for pk, show_author, supported, name_crc in items
    }
    cached = cache.get_many(list(keys.values()))
    missing = [pk for pk in keys if keys[pk] not in cached]
    if missing:
        fresh = {}
        variants = {pk: (show_author, supported) for pk, show_author, supported, _crc in items}
        for c in concern_cards(missing, request.user, language):
            show_author, supported = variants[c.pk]
            context = {
                "concern": c,
                "group": round.group,
                "round": round,
                "reader_language": language,
                "show_author": show_author,
                "supported": supported,
                "csrf_token": CSRF_PLACEHOLDER,
            }
            fresh[keys[c.pk]] = render_to_string("advisory/cycle/_concern_card.html", context)
        cache.set_many(fresh, caching.TIMEOUT)
        cached.update(fresh)
    token = get_token(request)
    return [
        mark_safe(cached[keys[pk]].replace(CSRF_PLACEHOLDER, token))  # noqa: S308 - our own rendered, escaped template
        for pk in keys
        if keys[pk] in cached
    ]


@login_required
def round_detail(request, slug: str, pk: int):
    round = _round_of(request, slug, pk)
    if request.method == "POST":
        topics = list(Topic.objects.filter(group=round.group))
        form = ConcernForm(request.POST, request.FILES, topics=topics)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = services.concern_submit(
                    actor=request.user,
                    round=round,
                    title=data["title"],
                    text=data["text"],
                    language=data["language"],
                    is_anonymous=data["is_anonymous"],
                    topic_ids=[int(t) for t in data.get("topics", [])],
                    audio=data.get("audio"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you. Your concern is shared with the group."))
                return redirect("advisory:concern", slug=slug, pk=concern.pk)
        return _round_page(request, round, form)
    return _round_page(request, round)


def _concern_page(request, concern: Concern, **forms):
    language = get_language()
    moderator = request.user.has_perm("advisory.moderate", concern)
    if concern.status == ConcernStatus.HIDDEN and not (
        moderator or concern.author_id == request.user.pk
    ):
        from django.http import Http404

        raise Http404
    translation = concern.translations.filter(language=language).first()
    concern.reader_translations = [translation] if translation else []
    targets = Concern.objects.filter(round=concern.round, status=ConcernStatus.VISIBLE).exclude(
        pk=concern.pk
    )
    return render(
        request,
        "advisory/cycle/concern.html",
        {
            "group": concern.round.group,
            "round": concern.round,
            "concern": concern,
            "translation": translation,
            "comments": concern_comments(concern, language),
            "supporters": concern.supports.count(),
            "supported": concern.supports.filter(user=request.user).exists(),
            "can_see_author": request.user.has_perm("advisory.see_author", concern),
            "moderator": moderator,
            "comment_form": forms.get("comment_form")
            or CommentForm(initial={"language": language}),
            "hide_form": forms.get("hide_form") or HideForm(),
            "tag_form": forms.get("tag_form")
            or TagForm(initial={"names": ", ".join(t.name for t in concern.topics.all())}),
            "merge_form": forms.get("merge_form") or MergeForm(targets=targets),
            "open": concern.status == ConcernStatus.VISIBLE and concern.round.phase != Phase.CLOSED,
        },
    )


@login_required
def concern_detail(request, slug: str, pk: int):
    concern = _concern_of(request, slug, pk)
    if concern.status == ConcernStatus.MERGED and concern.merged_into_id:
        messages.info(request, _("This concern was merged into another one with the same subject."))
        return redirect("advisory:concern", slug=slug, pk=concern.merged_into_id)
    return _concern_page(request, concern)


@login_required
@require_POST
def concern_support(request, slug: str, pk: int):
    concern = _concern_of(request, slug, pk, "advisory.support_concern")
    try:
        services.concern_support(
            actor=request.user, concern=concern, support=request.POST.get("support") != "0"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.POST.get("from") == "round":
        return redirect("advisory:round", slug=slug, pk=concern.round_id)
    return redirect("advisory:concern", slug=slug, pk=pk)


@login_required
@require_POST
def comment_add(request, slug: str, pk: int):
    concern = _concern_of(request, slug, pk, "advisory.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("advisory:concern", slug=slug, pk=pk)
    return _concern_page(request, concern, comment_form=form)


@login_required
@require_POST
def concern_moderate(request, slug: str, pk: int, action: str):
    if action not in {"hide", "tag", "merge"}:
        from django.http import Http404

        raise Http404
    concern = _concern_of(request, slug, pk, "advisory.moderate")
    targets = Concern.objects.filter(round=concern.round, status=ConcernStatus.VISIBLE).exclude(
        pk=concern.pk
    )
    form_class = {"hide": HideForm, "tag": TagForm, "merge": MergeForm}[action]
    form = (
        form_class(request.POST, targets=targets) if action == "merge" else form_class(request.POST)
    )
    if form.is_valid():
        try:
            if action == "hide":
                services.concern_hide(
                    actor=request.user, concern=concern, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The concern is hidden. Its author sees your reason."))
            elif action == "tag":
                services.concern_tag(
                    actor=request.user,
                    concern=concern,
                    names=form.cleaned_data["names"].split(","),
                )
                messages.success(request, _("Topics saved."))
            else:
                target = targets.get(pk=form.cleaned_data["target"])
                services.concern_merge(actor=request.user, source=concern, target=target)
                messages.success(request, _("Merged. Supports, comments and votes moved with it."))
                return redirect("advisory:concern", slug=slug, pk=target.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("advisory:concern", slug=slug, pk=pk)
    return _concern_page(request, concern, **{f"{action}_form": form})


@login_required
def ballot(request, slug: str, pk: int):
    round = _round_of(request, slug, pk)
    can_vote = rules.has_perm("advisory.vote", request.user, round)
    # Only what the form needs: a round can hold a thousand concerns, and a saved ballot
    # redirects without rendering them.
    concerns = list(
        Concern.objects.filter(round=round, status=ConcernStatus.VISIBLE)
        .only("pk", "title")
        .order_by("created_at", "pk")
    )
    posted = request.method == "POST" and can_vote
    refusal = None
    if posted:
        # Fields only for the concerns given dots: a saved ballot never builds the rest.
        votes = BallotForm(
            request.POST,
            concerns=concerns,
            max_per_concern=round.max_dots_per_concern,
            only_submitted=True,
        )
        if votes.is_valid():
            try:
                services.ballot_cast(actor=request.user, round=round, allocation=votes.allocation())
            except ValidationError as exc:
                refusal = exc
            else:
                messages.success(
                    request, _("Your votes are saved. You can change them until voting closes.")
                )
                return redirect("advisory:ballot", slug=slug, pk=pk)
    current = my_ballot(round, request.user) if can_vote else {}
    form = BallotForm(
        request.POST if posted else None,
        concerns=concerns,
        max_per_concern=round.max_dots_per_concern,
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
            "group": round.group,
            "round": round,
            "form": form,
            "can_vote": can_vote,
            "open": round.phase == Phase.VOTING,
            "used": used,
            "left": round.dot_budget - used,
        },
    )


@login_required
def results(request, slug: str, pk: int):
    round = _round_of(request, slug, pk, "advisory.view_results")
    closed = round.phase == Phase.CLOSED
    language = get_language()
    number = request.GET.get("page") or "1"
    key = caching.fragment_key(
        round.pk, caching.round_generation(round.pk), "results", language, closed, number[:9]
    )
    region = cache.get(key)
    if region is None:
        region = _results_region(round, closed, language, number)
        cache.set(key, region, caching.TIMEOUT)
    return render(
        request,
        "advisory/cycle/results.html",
        {"group": round.group, "round": round, "closed": closed, "region": mark_safe(region)},  # noqa: S308 - our own rendered, escaped template
    )


def _results_region(round: Round, closed: bool, language: str, number: str) -> str:
    """Totals (or the frozen ranking) with titles in the reader's language: the part of the
    results page that changes, cached by round generation."""
    rows = frozen_priorities(round) if closed else live_totals(round)
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
            "group": round.group,
            "round": round,
            "closed": closed,
            "page_obj": page,
            "priorities": items if closed else None,
            "totals": None if closed else items,
            "ballots": ballot_count(round),
        },
    )


urlpatterns = [
    path("<slug:slug>/", group_home, name="group"),
    path("<slug:slug>/rounds/new/", round_create, name="round_create"),
    path("<slug:slug>/rounds/<int:pk>/", round_detail, name="round"),
    path("<slug:slug>/rounds/<int:pk>/advance/", round_advance, name="round_advance"),
    path("<slug:slug>/rounds/<int:pk>/ballot/", ballot, name="ballot"),
    path("<slug:slug>/rounds/<int:pk>/results/", results, name="results"),
    path("<slug:slug>/concerns/<int:pk>/", concern_detail, name="concern"),
    path("<slug:slug>/concerns/<int:pk>/support/", concern_support, name="concern_support"),
    path("<slug:slug>/concerns/<int:pk>/comment/", comment_add, name="comment_add"),
    path("<slug:slug>/concerns/<int:pk>/<str:action>/", concern_moderate, name="concern_moderate"),
]
