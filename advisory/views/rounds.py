"""The group's home and its rounds: creating and advancing a round, and the round's
page with its concern list and the form to raise a concern. The list is served from
fragments cached per round generation (``advisory/caching.py``)."""

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
    ConcernForm,
    RoundForm,
)
from advisory.models import Phase, Round
from advisory.selectors.cycle import (
    concern_cards,
    concerns_for_round,
    current_round,
    group_topics,
    recent_rounds,
    supported_concern_ids,
)
from advisory.services import cycle as services
from advisory.views.common import group_for, round_of
from cms import fragments
from cms.forms import add_service_errors

PAGE_SIZE = 30


@login_required
def group_home(request, slug: str):
    group = group_for(request, slug, "advisory.view_group")
    round_ = current_round(group)
    return render(
        request,
        "advisory/cycle/group.html",
        {
            "group": group,
            "round": round_,
            "rounds": recent_rounds(group),
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
            round_ = services.round_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The round is created. Open it for concerns when you are ready.")
            )
            return redirect("advisory:round", slug=group.slug, pk=round_.pk)
    return render(
        request,
        "advisory/cycle/group.html",
        {
            "group": group,
            "round": current_round(group),
            "rounds": recent_rounds(group),
            "can_manage": True,
            "round_form": form,
        },
    )


@login_required
@require_POST
def round_advance(request, slug: str, pk: int):
    round_ = round_of(request, slug, pk, "advisory.manage_round")
    try:
        round_ = services.round_advance(actor=request.user, round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The round is now: %(phase)s.") % {"phase": round_.get_phase_display()}
        )
    if round_.phase == Phase.CLOSED:
        return redirect("advisory:results", slug=slug, pk=round_.pk)
    return redirect("advisory:round", slug=slug, pk=round_.pk)


def _round_page(request, round_: Round, form: ConcernForm | None = None, status: int = 200):
    moderator = request.user.has_perm("advisory.moderate", round_)
    can_submit = round_.phase == Phase.COLLECTING and rules.has_perm(
        "advisory.submit_concern", request.user, round_
    )
    if form is None and can_submit:
        topics = group_topics(round_.group)
        form = ConcernForm(initial={"language": get_language()}, topics=topics)
    gen = caching.round_generation(round_.pk)
    page, items = _concern_list_page(request, round_, gen, moderator)
    return render(
        request,
        "advisory/cycle/round.html",
        {
            "group": round_.group,
            "round": round_,
            "page_obj": page,
            "cards": _concern_cards(request, round_, gen, items),
            "form": form,
            "can_submit": can_submit,
            "can_manage": request.user.has_perm("advisory.manage_round", round_),
            "moderator": moderator,
        },
        status=status,
    )


def _concern_list_page(request, round_: Round, gen: str, moderator: bool) -> tuple:
    """Which concerns this reader sees on this page, and how (whether the author's name
    shows, whether they support it). The answer is cached per round generation, people
    generation and reader, since moderators, authors of hidden concerns and supporters
    each see their own; so a warm page runs no query for it."""
    user = request.user
    number = fragments.page_number(request)
    key = caching.fragment_key(
        round_.pk, gen, "page", caching.people_generation(), user.pk, int(moderator), number
    )
    skeleton = cache.get(key)
    if skeleton is None:
        page = Paginator(concerns_for_round(round_, user, moderator=moderator), PAGE_SIZE).get_page(
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


def _concern_cards(request, round_: Round, gen: str, items: list) -> list:
    """The page's concern cards as HTML. Each card is cached per round generation, reader
    language and the reader-specific bits from ``_concern_list_page``; a miss is rendered from
    ``concern_cards`` in a fixed number of queries, so the count stays flat either way."""
    language = get_language()
    keys = {
        pk: caching.fragment_key(
            round_.pk, gen, "card", pk, language, int(show_author), int(supported), name_crc
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
                "group": round_.group,
                "round": round_,
                "reader_language": language,
                "show_author": show_author,
                "supported": supported,
                "csrf_token": fragments.CSRF_PLACEHOLDER,
            }
            fresh[keys[c.pk]] = render_to_string("advisory/cycle/_concern_card.html", context)
        cache.set_many(fresh, caching.TIMEOUT)
        cached.update(fresh)
    token = get_token(request)
    return [
        mark_safe(cached[keys[pk]].replace(fragments.CSRF_PLACEHOLDER, token))  # noqa: S308 - our own rendered, escaped template
        for pk in keys
        if keys[pk] in cached
    ]


@login_required
def round_detail(request, slug: str, pk: int):
    round_ = round_of(request, slug, pk)
    if request.method == "POST":
        topics = group_topics(round_.group)
        form = ConcernForm(request.POST, request.FILES, topics=topics)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = services.concern_submit(
                    actor=request.user,
                    round_=round_,
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
        return _round_page(request, round_, form)
    return _round_page(request, round_)


urlpatterns = [
    path("<slug:slug>/rounds/new/", round_create, name="round_create"),
    path("<slug:slug>/rounds/<int:pk>/", round_detail, name="round"),
    path("<slug:slug>/rounds/<int:pk>/advance/", round_advance, name="round_advance"),
]

# The group's home ("<slug>/") comes last in advisory/urls.py, so fixed addresses win.
group_home_urlpatterns = [path("<slug:slug>/", group_home, name="group")]
