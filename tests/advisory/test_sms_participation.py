"""Families take part by text message, over real HTTP against the running app with
signed requests: a concern in Spanish, votes in Arabic, Somali and Vietnamese (numbers in
any script), the ballot read back and replaced, retries never double-voting."""

import pytest
from django.utils import translation

from advisory.models import (
    Ballot,
    Concern,
    ContentTranslation,
    Dot,
    ModerationLog,
    Round,
    TranslationStatus,
)
from advisory.services import cycle
from cms.models import InboundSms, InboundStatus, SmsConversation
from cms.sms_inbound.segments import count_segments
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory
from tests.sms import replies_to, text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def family(group, language, phone):
    user = UserFactory(
        email="",
        phone=phone,
        phone_verified=True,
        contact_channel="sms",
        preferred_language=language,
    )
    MembershipFactory(group=group, user=user)
    return user


@pytest.fixture
def setting():
    group = AdvisoryGroupFactory(name="Lincoln", working_languages=["en", "es", "ar", "so", "vi"])
    facilitator = UserFactory(display_name="Fatima")
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    return group, facilitator


def open_voting(group, facilitator, titles=("Buses", "Lunch", "Homework", "Safety", "Books")):
    round_ = cycle.round_create(actor=facilitator, group=group, title="Spring", dot_budget=5)
    round_ = cycle.round_advance(actor=facilitator, round_=round_)
    author = UserFactory()
    MembershipFactory(group=group, user=author)
    concerns = [
        cycle.concern_submit(actor=author, round_=round_, title=t, text=t, language="en")
        for t in titles
    ]
    round_ = cycle.round_advance(actor=facilitator, round_=round_)
    return Round.objects.get(pk=round_.pk), concerns


def test_a_spanish_family_raises_a_concern_by_replying_to_the_text(
    live_server, twilio, _sms_outbox, setting
):
    group, facilitator = setting
    maria = family(group, "es", "+12025550111")
    round_ = cycle.round_create(actor=facilitator, group=group, title="Otoño")
    cycle.round_advance(actor=facilitator, round_=round_)  # collecting: the group is asked
    [ask] = replies_to(_sms_outbox, "+12025550111")
    assert "preocupa" in ask  # asked in Spanish

    status, _ = text(
        live_server.url,
        "+12025550111",
        "El autobús llega tarde todos los días y los niños esperan en el frío",
    )
    assert status == 200
    concern = Concern.objects.get(round=round_)
    assert concern.author == maria and concern.language == "es"
    assert concern.text.startswith("El autobús llega tarde")
    # Translations are requested as for a concern written on the web.
    assert set(
        ContentTranslation.objects.filter(concern=concern).values_list("language", flat=True)
    ) == {"en", "ar", "so", "vi"}
    confirmation = replies_to(_sms_outbox, "+12025550111")[-1]
    assert "/s/c" in confirmation and "Gracias" in confirmation
    # The short link leads to the concern's page.
    link = confirmation.split("/s/", 1)[1].split()[0].rstrip("/")
    from django.test import Client

    response = Client().get(f"/s/{link}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/concerns/{concern.pk}/")
    # The conversation is over: a later text is not another concern.
    assert not SmsConversation.objects.filter(phone="+12025550111").exists()


@pytest.mark.parametrize(
    ("language", "reply", "marker"),
    [("ar", "٢ ٥ ٥", "صوت"), ("so", "2 5 5", "cod"), ("vi", "2 5 5", "phiếu")],
)
def test_a_family_votes_by_numbers_and_the_ballot_is_read_back(
    live_server, twilio, _sms_outbox, setting, language, reply, marker
):
    group, facilitator = setting
    phone = "+12025550122"
    voter = family(group, language, phone)
    round_, concerns = open_voting(group, facilitator)
    voting_text = replies_to(_sms_outbox, phone)[-1]
    assert "[en] Buses" in voting_text  # the original, marked with its language

    text(live_server.url, phone, reply)
    ballot = Ballot.objects.get(round=round_, member=voter)
    order = SmsConversation.objects.get(phone=phone).data["order"]
    dots = dict(Dot.objects.filter(ballot=ballot).values_list("concern_id", "count"))
    assert dots == {order[1]: 1, order[4]: 2}
    read_back = replies_to(_sms_outbox, phone)[-1]
    assert marker.lower() in read_back.lower()
    assert "2" in read_back and "5" in read_back
    assert count_segments(read_back).segments <= 2

    # A new reply replaces the ballot, as on the web.
    text(live_server.url, phone, "1 1 1")
    assert Ballot.objects.filter(round=round_, member=voter).count() == 1
    assert dict(Dot.objects.filter(ballot=ballot).values_list("concern_id", "count")) == {
        order[0]: 3
    }


def test_the_budget_and_per_concern_limit_are_the_web_ones(
    live_server, twilio, _sms_outbox, setting
):
    group, facilitator = setting
    phone = "+12025550133"
    voter = family(group, "es", phone)
    round_, _ = open_voting(group, facilitator)
    text(live_server.url, phone, "1 1 1 1")  # four on one: the limit is 3
    assert not Ballot.objects.filter(round=round_, member=voter).exists()
    with translation.override("es"):
        from django.utils.translation import gettext as _

        expected = _("You can put at most %(max)s dots on one concern.") % {"max": 3}
    assert expected in replies_to(_sms_outbox, phone)[-1]
    text(live_server.url, phone, "1 2 3 4 5 1")  # six dots: the budget is 5
    assert not Ballot.objects.filter(round=round_, member=voter).exists()
    text(live_server.url, phone, "9")  # not on the list
    assert "1" in replies_to(_sms_outbox, phone)[-1]
    assert not Ballot.objects.filter(round=round_, member=voter).exists()


def test_a_retried_message_id_never_votes_twice(live_server, twilio, _sms_outbox, setting):
    group, facilitator = setting
    phone = "+12025550144"
    voter = family(group, "vi", phone)
    round_, _ = open_voting(group, facilitator)
    text(live_server.url, phone, "2", sid="SM-vote-1")
    text(live_server.url, phone, "3", sid="SM-vote-2")
    # Twilio retries the first message: it must not replace the newer ballot.
    status, _ = text(live_server.url, phone, "2", sid="SM-vote-1")
    assert status == 200
    order = SmsConversation.objects.get(phone=phone).data["order"]
    ballot = Ballot.objects.get(round=round_, member=voter)
    assert dict(Dot.objects.filter(ballot=ballot).values_list("concern_id", "count")) == {
        order[2]: 1
    }
    assert InboundSms.objects.filter(from_phone=phone).count() == 2


def test_a_human_translation_is_listed_in_the_readers_language(
    live_server, twilio, _sms_outbox, setting
):
    group, facilitator = setting
    phone = "+12025550155"
    family(group, "es", phone)
    round_ = cycle.round_create(actor=facilitator, group=group, title="R")
    round_ = cycle.round_advance(actor=facilitator, round_=round_)
    author = UserFactory()
    MembershipFactory(group=group, user=author)
    concern = cycle.concern_submit(
        actor=author, round_=round_, title="Buses are late", text="t", language="en"
    )
    ContentTranslation.objects.filter(concern=concern, language="es").update(
        title="Los autobuses llegan tarde", status=TranslationStatus.REVIEWED
    )
    machine = cycle.concern_submit(
        actor=author, round_=round_, title="Cold lunch", text="t", language="en"
    )
    ContentTranslation.objects.filter(concern=machine, language="es").update(
        title="Almuerzo frío", status=TranslationStatus.DRAFT, is_machine=True
    )
    round_ = cycle.round_advance(actor=facilitator, round_=round_)
    voting_text = replies_to(_sms_outbox, phone)[-1]
    assert "Los autobuses llegan tarde" in voting_text
    assert "[en] Cold lunch" in voting_text  # a machine draft is not used


def test_text_that_is_not_numbers_gets_the_list_again_and_waits_in_the_inbox(
    live_server, twilio, _sms_outbox, setting, client
):
    group, facilitator = setting
    phone = "+12025550166"
    family(group, "so", phone)
    open_voting(group, facilitator)
    text(live_server.url, phone, "Waxaan doonayaa basaska")
    message = InboundSms.objects.get(from_phone=phone)
    assert message.status == InboundStatus.UNPARSED
    answers = replies_to(_sms_outbox, phone)[2:]  # after the two prompts of the round
    assert len(answers) >= 2 and any("1) " in a for a in answers)
    assert all(count_segments(a).segments <= 2 for a in answers)


def test_a_facilitator_answers_or_turns_a_text_into_a_concern_and_it_is_logged(
    live_server, twilio, _sms_outbox, setting, client, mfa_ok
):
    from tests.conftest import login

    group, facilitator = setting
    phone = "+12025550177"
    hodan = family(group, "so", phone)
    round_ = cycle.round_create(actor=facilitator, group=group, title="R")
    text(live_server.url, phone, "Ilmahaygu ma helaan cunto kulul")  # no question open
    message = InboundSms.objects.get(from_phone=phone)
    assert message.status == InboundStatus.UNPARSED

    other = UserFactory()
    MembershipFactory(group=group, user=other)
    login(client, other)
    assert client.get(f"/en/groups/{group.slug}/texts/").status_code == 404

    login(client, facilitator)
    page = client.get(f"/en/groups/{group.slug}/texts/")
    assert page.status_code == 200
    assert "Ilmahaygu ma helaan cunto kulul" in page.content.decode()

    response = client.post(
        f"/en/groups/{group.slug}/texts/{message.pk}/answer/",
        {f"a{message.pk}-text": "Mahadsanid, waan eegaynaa."},
    )
    assert response.status_code == 302
    assert replies_to(_sms_outbox, phone)[-1] == "Mahadsanid, waan eegaynaa."
    assert ModerationLog.objects.filter(
        group=group, action="sms_answer", actor=facilitator
    ).exists()

    text(live_server.url, phone, "Basku wuu soo daahaa")
    second = InboundSms.objects.filter(from_phone=phone).latest("received_at")
    round_ = cycle.round_advance(actor=facilitator, round_=round_)  # collecting
    response = client.post(
        f"/en/groups/{group.slug}/texts/{second.pk}/concern/",
        {
            f"c{second.pk}-round": round_.pk,
            f"c{second.pk}-title": "Basku wuu soo daahaa",
            f"c{second.pk}-text": "Basku wuu soo daahaa",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get(round=round_)
    assert concern.author == hodan and concern.added_by == facilitator
    assert concern.language == "so"
    assert ModerationLog.objects.filter(action="sms_concern", concern=concern).exists()
    assert "/s/c" in replies_to(_sms_outbox, phone)[-1]
    second.refresh_from_db()
    assert second.status == InboundStatus.RESOLVED and second.resolved_by == facilitator
