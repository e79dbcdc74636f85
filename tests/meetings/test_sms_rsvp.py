"""Replying to a meeting by text (over real HTTP, signed as Twilio signs): 1/2/3, then the
interpreter, childcare and transport questions, saved in the same reply record the web
page edits."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import InboundSms, InboundStatus
from meetings.models import Rsvp
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.conftest import add_meeting
from tests.sms import replies_to, text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = "+12025550188"


def family(group, language):
    user = UserFactory(
        email="",
        phone=PHONE,
        phone_verified=True,
        contact_channel="sms",
        preferred_language=language,
    )
    MembershipFactory(group=group, user=user)
    return user


def test_a_family_answers_the_invitation_by_text_and_the_web_shows_the_same_reply(
    live_server, twilio, _sms_outbox, group, meeting, client, mfa_ok
):
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    amina = family(group, "ar")
    login(client, facilitator)
    response = client.post(f"/en/meetings/{meeting.pk}/invite-by-text/")
    assert response.status_code == 302
    [invitation] = replies_to(_sms_outbox, PHONE)
    assert "Spring meeting" in invitation and "1" in invitation and "3" in invitation
    assert "هل ستحضر" in invitation  # in Arabic

    text(live_server.url, PHONE, "١")  # Arabic-Indic one: yes
    assert "مترجم" in replies_to(_sms_outbox, PHONE)[-1]  # interpreter question
    text(live_server.url, PHONE, "1")
    text(live_server.url, PHONE, "2")  # two children
    text(live_server.url, PHONE, "1")  # transport
    assert "شكرًا" in replies_to(_sms_outbox, PHONE)[-1]

    rsvp = Rsvp.objects.get(meeting=meeting, user=amina)
    assert (rsvp.response, rsvp.language, rsvp.children, rsvp.transport) == ("yes", "ar", 2, True)
    # The web page edits the same record.
    login(client, amina)
    page = client.get(f"/ar/meetings/{meeting.pk}/reply/").content.decode()
    assert re.search(r'name="response" value="yes"[^>]*checked', page)
    assert re.search(r'name="children" value="2"', page)
    # Changing the answer by text keeps the needs.
    text(live_server.url, PHONE, "3")
    rsvp.refresh_from_db()
    assert (rsvp.response, rsvp.children, rsvp.transport) == ("no", 2, True)
    assert Rsvp.objects.filter(meeting=meeting, user=amina).count() == 1


def test_a_reply_that_is_not_an_option_repeats_the_question(
    live_server, twilio, _sms_outbox, group, meeting
):
    from meetings.sms import meeting_invitation_send

    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    family(group, "es")
    meeting_invitation_send(actor=facilitator, meeting=meeting)
    text(live_server.url, PHONE, "sí claro")
    answers = replies_to(_sms_outbox, PHONE)[1:]
    assert "no entendimos" in answers[0]
    assert "Responda 1 sí, 2 tal vez, 3 no" in answers[1]
    assert InboundSms.objects.get().status == InboundStatus.UNPARSED
    assert not Rsvp.objects.exists()


def test_replies_after_the_cutoff_are_refused_in_the_familys_language(
    live_server, twilio, _sms_outbox, group, group_meetings
):
    from cms.sms_inbound.services import conversation_set

    user = family(group, "vi")
    soon = add_meeting(
        group_meetings,
        "Closed meeting",
        starts_at=timezone.now() + timedelta(days=2),
        rsvp_closes_at=timezone.now() - timedelta(hours=1),
    )
    conversation_set(
        phone=PHONE,
        user=user,
        handler="meetings.rsvp",
        data={"meeting": soon.pk, "step": "response"},
    )
    text(live_server.url, PHONE, "1")
    assert not Rsvp.objects.exists()
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("vi"):
        closed = gettext("Replies to this meeting are closed.")
    assert replies_to(_sms_outbox, PHONE)[-1] == closed


def test_only_the_groups_facilitators_can_send_the_invitation(client, group, meeting, mfa_ok):
    member = UserFactory()
    MembershipFactory(group=group, user=member)
    login(client, member)
    assert client.post(f"/en/meetings/{meeting.pk}/invite-by-text/").status_code == 404
