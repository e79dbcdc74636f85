"""The group's inbox of texts that need a person, as its facilitators use it: what a text
says about its language, a concern form that went wrong keeping what was typed, and a
page whose query count does not grow with the texts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisory.services import cycle
from cms.models import InboundSms, InboundStatus, OutboundSms
from cms.sms_inbound.services import inbound_receive
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(group, mfa_ok, client):
    user = UserFactory(display_name="Fatima")
    MembershipFactory(group=group, user=user, role="facilitator")
    login(client, user)
    return user


def family(group, phone: str, language: str = "so"):
    user = UserFactory(email="", phone=phone, phone_verified=True, preferred_language=language)
    MembershipFactory(group=group, user=user)
    return user


def receive(phone: str, body: str, sid: str) -> InboundSms:
    inbound_receive(params={"MessageSid": sid, "From": phone, "To": "+12025550100", "Body": body})
    return InboundSms.objects.get(message_sid=sid)


def card(html: str, message: InboundSms) -> str:
    return re.search(rf'<li class="card" id="text-{message.pk}">(.*?)\n        </li>', html, re.S)[
        1
    ]


def inbox_url(group) -> str:
    return f"/en/groups/{group.slug}/texts/"


def test_a_text_in_no_site_language_is_not_labelled_english(client, group, facilitator):
    family(group, "+12025550177", language="de")  # a language the district no longer offers
    message = receive("+12025550177", "Mein Kind bekommt kein warmes Essen", "SM1")
    assert message.status == InboundStatus.UNPARSED and message.language == ""
    shown = card(client.get(inbox_url(group)).content.decode(), message)
    assert "Mein Kind bekommt kein warmes Essen" in shown
    assert "English" not in shown


def test_a_text_in_the_familys_language_is_labelled_with_it(client, group, facilitator):
    family(group, "+12025550177", language="so")
    message = receive("+12025550177", "Ilmahaygu ma helaan cunto kulul", "SM1")
    assert message.language == "so"
    shown = card(client.get(inbox_url(group)).content.decode(), message)
    assert "Soomaali" in shown and 'lang="so"' in shown


def test_a_concern_refused_because_the_round_stopped_collecting_keeps_what_was_typed(
    client, group, facilitator
):
    family(group, "+12025550177")
    message = receive("+12025550177", "Basku wuu soo daahaa", "SM1")
    round_ = cycle.round_create(actor=facilitator, group=group, title="Spring")
    round_ = cycle.round_advance(actor=facilitator, round_=round_)  # collecting
    assert "Turn into a concern" in client.get(inbox_url(group)).content.decode()
    cycle.round_advance(actor=facilitator, round_=round_)  # voting: no round collects now
    response = client.post(
        f"{inbox_url(group)}{message.pk}/concern/",
        {
            f"c{message.pk}-round": round_.pk,
            f"c{message.pk}-title": "The bus is always late",
            f"c{message.pk}-text": "The bus comes at 8:40, school starts at 8:30.",
        },
    )
    assert response.status_code == 400
    shown = card(response.content.decode(), message)
    assert "The bus is always late" in shown
    assert "The bus comes at 8:40, school starts at 8:30." in shown
    assert "Select a valid choice" in shown
    assert "<details open>" in shown
    assert InboundSms.objects.get(pk=message.pk).status == InboundStatus.UNPARSED


def test_without_a_round_collecting_an_untouched_text_offers_no_concern_form(
    client, group, facilitator
):
    family(group, "+12025550177")
    receive("+12025550177", "Basku wuu soo daahaa", "SM1")
    assert "Turn into a concern" not in client.get(inbox_url(group)).content.decode()


def _inbox_of(count: int, first_phone: int) -> tuple:
    """A group with a round collecting concerns, its facilitator, and ``count`` texts from
    three of its families, each with an answer sent."""
    from tests.factories import AdvisoryGroupFactory

    group = AdvisoryGroupFactory()
    facilitator = UserFactory()
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    round_ = cycle.round_create(actor=facilitator, group=group, title="Spring")
    cycle.round_advance(actor=facilitator, round_=round_)  # collecting: the forms show
    people = [family(group, f"+1202555{first_phone + n:04d}") for n in range(3)]
    messages = InboundSms.objects.bulk_create(
        InboundSms(
            message_sid=f"SM{group.pk}-{n}",
            from_phone=str(people[n % 3].phone),
            user=people[n % 3],
            body=f"Text number {n}",
            language="so",
            status=InboundStatus.UNPARSED,
        )
        for n in range(count)
    )
    OutboundSms.objects.bulk_create(
        OutboundSms(to_phone=m.from_phone, user=m.user, body="Sorry", segments=1, in_reply_to=m)
        for m in messages
    )
    return group, facilitator


def _queries(client, group, facilitator, count: int) -> int:
    login(client, facilitator)
    client.get(inbox_url(group))  # sessions and caches settle on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(inbox_url(group))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<li class="card" id="text-') == count
    assert html.count("Add the concern") == count
    return len(queries)


def test_the_inbox_reads_the_same_number_of_queries_for_3_texts_and_for_50(client, mfa_ok):
    few = _queries(client, *_inbox_of(3, first_phone=10), count=3)
    many = _queries(client, *_inbox_of(50, first_phone=20), count=50)
    assert few == many


def _controls(html: str, message: InboundSms, action_prefix: str) -> str:
    """The answer and resolve forms of one card, with the card's own id and addresses made
    neutral so two inboxes can be compared."""
    shown = card(html, message)
    shown = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", shown)
    forms = re.findall(r"<form [^>]*action=\"[^\"]*/(?:answer|resolve)/\".*?</form>", shown, re.S)
    neutral = "\n".join(forms).replace(action_prefix, "ACTION/").replace(f"a{message.pk}", "aN")
    return " ".join(neutral.split())


def test_both_inboxes_offer_the_same_answer_and_resolve_controls(client, group, facilitator):
    facilitator.is_staff = facilitator.is_superuser = True
    facilitator.save()
    family(group, "+12025550177")
    known = receive("+12025550177", "Basku wuu soo daahaa", "SM1")
    unknown = receive("+12025550199", "Hola", "SM2")
    group_html = client.get(inbox_url(group)).content.decode()
    district_html = client.get("/en/me/texts/unknown/").content.decode()
    in_group = _controls(group_html, known, f"{inbox_url(group)}{known.pk}/")
    in_district = _controls(district_html, unknown, f"/en/me/texts/unknown/{unknown.pk}/")
    assert in_group == in_district
    assert 'action="ACTION/answer/"' in in_group and 'action="ACTION/resolve/"' in in_group
    assert '<label for="id_aN-text">Answer by text message' in in_group
    assert 'maxlength="320" aria-describedby="id_aN-text_helptext"' in in_group
    assert "Send the answer" in in_group and "Mark as dealt with" in in_group
