"""Bench-only URLs: the site's own, plus bare views that run the same list query as a
page (the same rows fetched, the same page of them shown), or one INSERT, and answer plain text, so a page's figure can be compared with the
cost of its query served the same way (same server, middleware, session and database)."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from advisory.models import Concern, Recommendation, RecommendationStatus
from advisory.services.cycle import ranking_queryset
from cms.urls import urlpatterns as site_urlpatterns
from meetings.models import MeetingPage, SpeakerSignup
from meetings.public_comment.selectors import clerk_rows

PAGE_SIZE = 30
CLERK_PAGE_SIZE = 30
INSERT_TABLE = "bench_insert"


def _text(lines) -> HttpResponse:
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@login_required
def bare_concern_list(request, pk: int):
    rows = Concern.objects.filter(round_id=pk, status="visible").order_by("-created_at", "-pk")
    return _text(c.title for c in rows[:PAGE_SIZE])


@login_required
def bare_results(request, pk: int):
    from advisory.models import Round

    rows = ranking_queryset(Round(pk=pk))[:PAGE_SIZE]
    return _text(f"{c.title} {c.dot_total}" for c in rows)


@login_required
def bare_leader_queue(request):
    rows = (
        Recommendation.objects.exclude(status=RecommendationStatus.DRAFT)
        .filter(leaders=request.user)
        .order_by("status", "due_on", "pk")
    )
    return _text(r.title for r in rows[:PAGE_SIZE])


def bare_meetings(request):
    rows = MeetingPage.objects.live().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")
    return _text(m.title for m in list(rows)[:PAGE_SIZE])  # the page pages the whole list


@login_required
def bare_clerk_list(request, pk: int):
    """The clerk's list reads its whole order (start minutes run over it), then the rows of
    one page (the same two queries as the page)."""
    order = list(
        SpeakerSignup.objects.filter(meeting_id=pk)
        .order_by("position", "pk")
        .values_list("pk", "status", "needs_interpreter", named=True)
    )
    page = [row.pk for row in order[:CLERK_PAGE_SIZE]]
    rows = clerk_rows(pk, page)
    return _text(rows[pk].called_name for pk in page)


@require_POST
def bare_insert(request):
    """One INSERT, behind the same CSRF check as a real form."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {INSERT_TABLE} (label, at) VALUES (%s, now())",  # noqa: S608 - constant
            [request.POST.get("label", "")[:40]],
        )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/concerns/<int:pk>/", bare_concern_list),
    path("bench/bare/results/<int:pk>/", bare_results),
    path("bench/bare/answers/", bare_leader_queue),
    path("bench/bare/meetings/", bare_meetings),
    path("bench/bare/speakers/<int:pk>/", bare_clerk_list),
    path("bench/bare/insert/", bare_insert),
    *site_urlpatterns,
]
