"""A board agenda item links the recommendation it discusses: the last step of the trail
concern → priority → recommendation → answer → board agenda item."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from advisory.models import RecommendationStatus
from tests.conftest import login
from tests.factories import RecommendationFactory
from tests.meetings.conftest import add_meeting, publish


def sent(**fields):
    """A recommendation submitted to leaders, with its due date."""
    return RecommendationFactory(
        status=RecommendationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        due_on=date.today() + timedelta(days=30),
        **fields,
    )


def agenda_with(recommendation) -> str:
    return json.dumps(
        [
            {
                "type": "item",
                "value": {
                    "title": "Bus times",
                    "minutes": 15,
                    "description": "",
                    "recommendation": recommendation.pk,
                    "page": None,
                    "url": "",
                },
            }
        ]
    )


@pytest.fixture
def submitted(group):
    return sent(group=group, title="Earlier buses <now>")


def test_the_agenda_links_a_published_recommendation_to_its_public_page(
    client, board, group, group_meetings, submitted
):
    group.publish_recommendations = True
    group.save()
    meeting = add_meeting(board, "Board meeting")
    meeting.agenda = agenda_with(submitted)
    publish(meeting)
    body = client.get(meeting.url).content.decode()
    assert "Earlier buses &lt;now&gt;" in body
    assert f'href="/en/lincoln/recommendations/{submitted.pk}/"' in body
    assert client.get(f"/en/lincoln/recommendations/{submitted.pk}/").status_code == 200


def test_an_unpublished_recommendation_links_to_the_members_page(
    client, board, group, submitted, people
):
    meeting = add_meeting(board, "Board meeting")
    meeting.agenda = agenda_with(submitted)
    publish(meeting)
    body = client.get(meeting.url).content.decode()
    members_url = f"/en/groups/{group.slug}/recommendations/{submitted.pk}/"
    assert f'href="{members_url}"' in body
    login(client, people["other_member"])
    assert client.get(members_url).status_code == 404  # still private to the group


def test_the_chooser_offers_submitted_recommendations_not_drafts(client, people, group, mfa_ok):
    RecommendationFactory(group=group, title="Still a draft")
    sent(group=group, title="Sent to leaders")
    login(client, people["staff"])
    body = client.get("/admin/recommendation_chooser/").content.decode()
    assert "Sent to leaders" in body and "Still a draft" not in body
