"""The leader's queue is served from a region cached per leader, language, page and day
(cms/fragments.py, advisory/caching.py): an answer, a new recommendation or a new day shows
at once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisory.services import recommendations as services
from tests.advisory.test_answers import publish, states, submitted  # noqa: F401 (fixtures)
from tests.conftest import login
from tests.factories import closed_round_with_priorities

pytestmark = pytest.mark.django_db


def queue(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/groups/answers/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_queue_is_cached_and_answers_new_recommendations_and_days_show(
    client,
    people,
    submitted,  # noqa: F811 (the fixture)
    states,  # noqa: F811 (the fixture)
    mfa_ok,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    leader = people["leader"]
    login(client, leader)
    html, cold = queue(client)
    assert "Earlier buses" in html and "Answer due" in html
    _html, warm = queue(client)
    assert warm < cold

    with django_capture_on_commit_callbacks(execute=True):
        round_ = closed_round_with_priorities(submitted.group)
        rec = services.recommendation_create(
            actor=people["member"],
            group=submitted.group,
            round_=round_,
            title="Safer crossings",
            text="A guard at the crossing.",
            summary="A crossing guard.",
            language="en",
            concern_ids=[round_.priorities.first().concern_id],
        )
        rec = services.recommendation_submit(
            actor=people["facilitator"], recommendation=rec, leaders=[leader]
        )
        rec.due_on = timezone.localdate() + timedelta(days=1)
        rec.save()
    html = queue(client)[0]
    assert "Safer crossings" in html and "Overdue by" not in html

    with django_capture_on_commit_callbacks(execute=True):
        publish(submitted, leader, states)
    assert "Answered" in queue(client)[0]

    # Past its due date the new one is overdue, with no write at all.
    queue(client)
    later = timezone.now() + timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Overdue by" in queue(client)[0]
