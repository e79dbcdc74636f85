from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Rsvp
from meetings.selectors import language_demand
from tests.conftest import login, translate
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter, member_of

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    """The page's main content (the language switcher names every language)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _reply(client, meeting, **data):
    payload = {"response": "yes", "language": "", "children": "0", "access_needs": ""}
    payload.update(data)
    return client.post(reverse("meetings:rsvp", args=[meeting.pk]), payload)


def test_a_member_replies_with_language_childcare_and_transport(client, people, meeting):
    login(client, people["member"])
    response = _reply(client, meeting, language="vi", children="2", transport="on")
    assert response.status_code == 302
    rsvp = Rsvp.objects.get(user=people["member"])
    assert (rsvp.response, rsvp.language, rsvp.children, rsvp.transport) == ("yes", "vi", 2, True)
    # Changing the reply updates the same row.
    _reply(client, meeting, response="maybe", language="es")
    assert Rsvp.objects.get(user=people["member"]).language == "es"
    assert Rsvp.objects.count() == 1


def test_replies_on_translated_pages_count_together(client, people, group, meeting):
    vietnamese = translate(meeting, "vi", title="Họp mùa xuân")
    reader = member_of(group, preferred_language="vi")
    login(client, reader)
    assert _reply(client, vietnamese, language="vi").status_code == 302
    services.rsvp_set(actor=people["member"], meeting=meeting, response="yes", language="vi")
    assert {r.meeting_id for r in Rsvp.objects.all()} == {meeting.pk}
    assert language_demand([meeting])[meeting.pk] == {"vi": 2}
    assert language_demand([vietnamese])[meeting.pk] == {"vi": 2}


def test_a_reply_after_the_cutoff_is_refused_and_keeps_what_was_typed(
    client, people, group_meetings
):
    meeting = add_meeting(
        group_meetings, "Closing soon", rsvp_closes_at=timezone.now() + timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.rsvp_set(
            actor=people["member"],
            meeting=meeting,
            response="yes",
            now=timezone.now() + timedelta(minutes=2),
        )
    type(meeting).objects.filter(pk=meeting.pk).update(
        rsvp_closes_at=timezone.now() - timedelta(minutes=1)
    )
    login(client, people["member"])
    response = _reply(client, meeting, access_needs="A ramp please")
    assert response.status_code == 200
    assert "Replies to this meeting are closed." in response.content.decode()
    assert not Rsvp.objects.exists()


def test_bad_input_is_refused_with_a_message_and_the_form_keeps_the_text(client, people, meeting):
    login(client, people["member"])
    response = _reply(client, meeting, children="-3", access_needs="Wheelchair <b>space</b>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "field--error" in html
    assert "Wheelchair &lt;b&gt;space&lt;/b&gt;" in html
    response = _reply(client, meeting, language="xx")
    assert response.status_code == 200 and not Rsvp.objects.exists()


def test_only_the_groups_people_reply_to_a_group_meeting_others_get_404(client, people, meeting):
    login(client, people["other_member"])
    assert client.get(reverse("meetings:rsvp", args=[meeting.pk])).status_code == 404
    assert _reply(client, meeting).status_code == 404
    with pytest.raises(PermissionDenied):
        services.rsvp_set(actor=people["other_member"], meeting=meeting, response="yes")
    assert not Rsvp.objects.exists()


def test_anyone_signed_in_replies_to_a_board_meeting(client, board):
    meeting = add_meeting(board, "Board meeting")
    assert meeting.kind == "board" and meeting.group is None
    login(client, UserFactory())
    assert _reply(client, meeting, language="ar").status_code == 302


@pytest.mark.parametrize(
    ("who", "sees_needs"),
    [
        ("member", False),
        ("other_member", False),
        ("leader", False),
        ("interpreter_vi", False),
        ("facilitator", True),
        ("coordinator", True),
        ("other_facilitator", False),
    ],
)
def test_individual_needs_only_for_the_groups_facilitators_and_coordinators(
    client, roles, meeting, mfa_ok, who, sees_needs
):
    other_group = AdvisoryGroupFactory()
    other_facilitator = UserFactory()
    MembershipFactory(group=other_group, user=other_facilitator, role="facilitator")
    roles = {**roles, "other_facilitator": other_facilitator}
    family = member_of(meeting.group, display_name="Lan Nguyen")
    services.rsvp_set(
        actor=family, meeting=meeting, response="yes", language="vi", access_needs="Ramp"
    )
    login(client, roles[who])
    needs = client.get(reverse("meetings:rsvp_needs", args=[meeting.pk]))
    assert needs.status_code == (200 if sees_needs else 404)
    page = main_of(client.get(meeting.url))
    if sees_needs:
        assert "Lan Nguyen" in needs.content.decode()
        assert "Replies so far" in page
    else:
        # Members never see who else needs which language, nor the totals by language.
        assert "Lan Nguyen" not in page and "Replies so far" not in page
        assert "Tiếng Việt" not in page


def test_members_page_shows_their_own_reply_only(client, people, meeting, group):
    services.rsvp_set(actor=people["member"], meeting=meeting, response="yes", language="es")
    other = member_of(group)
    services.rsvp_set(actor=other, meeting=meeting, response="yes", language="vi")
    login(client, people["member"])
    html = main_of(client.get(meeting.url))
    assert 'id="my-reply"' in html and "Español" in html
    assert "Tiếng Việt" not in html


def test_interpreter_page_is_only_for_interpreters(client, roles):
    for who, status in [
        ("member", 404),
        ("coordinator", 404),
        ("interpreter_vi", 200),
        ("interpreter_unverified", 200),
    ]:
        login(client, roles[who])
        assert client.get(reverse("meetings:interpreting")).status_code == status, who
    client.logout()
    assert client.get(reverse("meetings:interpreting")).status_code == 302


def test_coverage_and_roster_only_for_coordinators(client, roles, meeting, mfa_ok):
    urls = [
        reverse("meetings:coverage"),
        reverse("meetings:coverage_meeting", args=[meeting.pk]),
        reverse("meetings:roster"),
    ]
    for who in ("member", "facilitator", "leader", "interpreter_vi"):
        login(client, roles[who])
        assert [client.get(u).status_code for u in urls] == [404, 404, 404], who
    login(client, roles["coordinator"])
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]


def test_claim_through_the_page_permission_matrix(client, roles, meeting, coordinator, mfa_ok):
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    url = reverse("meetings:slot_claim", args=[slot.pk])
    for who in ("member", "facilitator", "coordinator", "other_member"):
        login(client, roles[who])
        assert client.post(url).status_code == 404, who
    login(client, roles["interpreter_unverified"])
    response = client.post(url, follow=True)
    assert "Only interpreters verified for" in response.content.decode()
    login(client, roles["interpreter_vi"])
    response = client.post(url, follow=True)
    assert "The slot is yours" in response.content.decode()
    other = make_interpreter("vi")
    login(client, other)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already taken this slot" in response.content.decode()
