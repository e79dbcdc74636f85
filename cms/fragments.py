"""Rendered regions of busy pages, cached under a *generation* token per topic.

A topic names what a region is drawn from ("meetings:list", "meetings:speakers:42"). Each
topic has a token in the cache; anything that changes what the region shows replaces the
token once its transaction commits (``changed``), so every region cached under the old
token is simply never read again. Nothing is deleted by key, which keeps this correct across
servers with Redis as the cache, and a lost token only costs a re-render. The database
stays the truth: a region holds only HTML rendered from it.

A region may also carry the moment it goes stale by itself (a meeting ending moves it from
"upcoming" to "past"), and is re-rendered from then on.

Regions are rendered with ``{"csrf_token": CSRF_PLACEHOLDER}`` in their context, so a
form's ``{% csrf_token %}`` holds the placeholder; ``region`` puts the reader's own token in
on the way out, so no token is ever shared.

The advisory pages cache finer pieces under the same generations (advisory/caching.py:
one card per concern).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 60 * 60
# Replaced whenever a person's account changes (a new display name), for regions that
# show people's names.
PEOPLE = "cms:people"
CSRF_PLACEHOLDER = "__cms_fragment_csrf_token__"  # a region's context: {"csrf_token": this}
MAX_PAGE = 10_000  # a page number past the last shows the last page, as Paginator does


def page_number(request) -> int:
    """The ``?page=`` asked for, as a number: what a region's cache key may hold (anything
    but digits is page 1, so odd input never makes new cache entries)."""
    raw = request.GET.get("page", "")
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return MAX_PAGE if len(raw) > 5 else min(max(int(raw), 1), MAX_PAGE)


def _gen_key(topic: str) -> str:
    return f"cms:frag:gen:{topic}"


def generation(topic: str) -> str:
    key = _gen_key(topic)
    gen = cache.get(key)
    if gen is None:
        cache.add(key, uuid4().hex, timeout=None)
        gen = cache.get(key) or ""
    return gen


def changed(*topics: str) -> None:
    """New generations now, so this transaction's own later reads re-render, and again once
    it commits, so that a region a reader rendered meanwhile from the data before the
    commit is never read afterwards."""

    def bump() -> None:
        cache.set_many({_gen_key(t): uuid4().hex for t in topics}, timeout=None)

    if topics:
        bump()
        transaction.on_commit(bump)


def region(
    request,
    topics: str | tuple[str, ...],
    parts: tuple,
    render: Callable[[], tuple[str, datetime | None]],
) -> SafeString:
    """The region drawn from ``topics`` for these ``parts`` (language, page number,
    reader...): from the cache when the topics' generations are current and it has not
    gone stale, else from ``render()``, which returns the HTML and when it goes stale by
    itself (or None). Two cache reads when warm: the generations, then the region."""
    topics = (topics,) if isinstance(topics, str) else topics
    gens = cache.get_many([_gen_key(t) for t in topics])
    missing = [t for t in topics if _gen_key(t) not in gens]
    for topic in missing:
        gens[_gen_key(topic)] = generation(topic)
    key = ":".join(["cms:frag", *topics, *(gens[_gen_key(t)] for t in topics), *map(str, parts)])
    now = timezone.now()
    cached = cache.get(key)
    if cached is not None and (cached[1] is None or now < cached[1]):
        html = cached[0]
    else:
        html, stale_at = render()
        timeout = TIMEOUT
        if stale_at is not None:
            timeout = max(1, min(TIMEOUT, int((stale_at - now).total_seconds())))
        cache.set(key, (html, stale_at), timeout)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


def _on_person(sender, instance, **kwargs) -> None:
    changed(PEOPLE)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    post_save.connect(_on_person, sender=get_user_model(), dispatch_uid="cms-fragments-person")
