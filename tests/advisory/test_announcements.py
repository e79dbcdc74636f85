from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from advisory.models import Announcement
from advisory.services import announcement_send
from cms import sms
from cms.broadcasts import broadcast_fanout, broadcast_send, broadcasts_resume
from cms.models import Broadcast, Notification
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 404),
        ("other_member", 404),
        ("facilitator", 200),
        ("leader", 404),
        ("staff", 200),
    ],
)
def test_only_the_groups_facilitators_and_staff_reach_the_announcement_page(
    client, home, people, group, mfa_ok, who, status
):
    login(client, people[who])
    assert client.get(f"/en/groups/{group.slug}/announcements/").status_code == status


def test_anonymous_is_sent_to_sign_in(client, home, group):
    response = client.get(f"/en/groups/{group.slug}/announcements/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["member", "other_member", "leader"])
def test_the_service_refuses_whoever_may_not_announce(people, group, who):
    with pytest.raises(PermissionDenied):
        announcement_send(actor=people[who], group=group, subject="s", body="b", language="en")
    assert Announcement.objects.count() == 0


def test_members_get_the_announcement_in_their_language_or_marked_pending(
    people, group, django_capture_on_commit_callbacks
):
    spanish = UserFactory(preferred_language="es")
    arabic = UserFactory(
        preferred_language="ar", contact_channel="sms", phone="+12015550140", phone_verified=True
    )
    for person in (spanish, arabic):
        MembershipFactory(group=group, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        announcement_send(
            actor=people["facilitator"],
            group=group,
            subject="Meeting moved",
            body="The meeting moves to Thursday.",
            language="en",
            translations={
                "es": ("Cambio de reunión", "La reunión pasa al jueves."),
                "ar": ("", ""),
            },
        )
    spanish_mail = next(m for m in mail.outbox if m.to == [spanish.email])
    assert "Cambio de reunión" in spanish_mail.subject
    assert "La reunión pasa al jueves." in spanish_mail.body
    assert "The meeting moves" not in spanish_mail.body

    arabic_note = Notification.objects.get(recipient=arabic)
    with translation.override("ar"):
        pending = translation.gettext("Translation pending")
    assert arabic_note.language == "ar"
    assert "The meeting moves to Thursday." in arabic_note.body
    assert pending in sms.outbox[-1].body
    # Members, facilitator: everyone in the group has it in their inbox, nobody else.
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert people["other_member"].pk not in recipients
    assert {spanish.pk, arabic.pk, people["member"].pk, people["facilitator"].pk} <= recipients


def test_half_a_translation_is_refused_and_nothing_is_sent(people, group):
    with pytest.raises(ValidationError) as info:
        announcement_send(
            actor=people["facilitator"],
            group=group,
            subject="s",
            body="b",
            language="en",
            translations={"es": ("Asunto", "")},
        )
    assert "body_es" in info.value.message_dict
    assert Announcement.objects.count() == 0 and Notification.objects.count() == 0


def test_a_scheduled_announcement_goes_out_when_due(
    people, group, django_capture_on_commit_callbacks
):
    send_at = timezone.now() + timedelta(days=2)
    announcement = announcement_send(
        actor=people["facilitator"],
        group=group,
        subject="Reminder",
        body="Vote closes Friday.",
        language="en",
        send_at=send_at,
    )
    assert announcement.sent_at is None
    assert Notification.objects.count() == 0
    assert announcement.broadcast.state == "scheduled"
    assert announcement.broadcast.send_at == send_at
    with django_capture_on_commit_callbacks(execute=True):
        broadcasts_resume()  # send_reminders before the time: nothing yet
    assert Notification.objects.count() == 0
    # The time comes (moved back rather than waiting two days).
    Broadcast.objects.filter(pk=announcement.broadcast_id).update(
        send_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        broadcasts_resume()
    assert Notification.objects.filter(source_key=f"announcement:{announcement.pk}").count() == 2
    assert Broadcast.objects.get(pk=announcement.broadcast_id).state == "done"


def test_a_time_in_the_past_is_refused(people, group):
    with pytest.raises(ValidationError):
        announcement_send(
            actor=people["facilitator"],
            group=group,
            subject="s",
            body="b",
            language="en",
            send_at=timezone.now() - timedelta(hours=1),
        )


def test_the_form_shows_errors_in_the_facilitators_language_and_keeps_the_text(
    client, home, people, group, mfa_ok
):
    login(client, people["facilitator"])
    response = client.post(
        f"/fr/groups/{group.slug}/announcements/",
        {"subject": "", "body": "Texte important", "language": "fr", "subject_es": "Hola"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("fr"):
        assert translation.gettext("This field is required.") in body
    assert "Texte important" in body and 'value="Hola"' in body
    assert Announcement.objects.count() == 0


def test_the_page_sends_and_reports_delivery(
    client, home, people, group, mfa_ok, django_capture_on_commit_callbacks
):
    login(client, people["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/groups/{group.slug}/announcements/",
            {"subject": "Hello <b>all</b>", "body": "Welcome", "language": "en"},
        )
    assert response.status_code == 302
    body = client.get(f"/en/groups/{group.slug}/announcements/").content.decode()
    assert "Hello &lt;b&gt;all&lt;/b&gt;" in body
    assert "Reached 2 inboxes; messages sent: 2, waiting: 0, failed: 0." in body


def test_the_announcement_page_shows_progress_per_channel_and_language(
    client, home, people, group, mfa_ok, django_capture_on_commit_callbacks
):
    from cms.models import Delivery

    spanish = UserFactory(preferred_language="es")
    MembershipFactory(group=group, user=spanish)
    login(client, people["facilitator"])
    with django_capture_on_commit_callbacks(execute=False):
        announcement = announcement_send(
            actor=people["facilitator"], group=group, subject="Hi", body="B", language="en"
        )
    with django_capture_on_commit_callbacks(execute=False):  # the sends wait in the queue
        broadcast_fanout(broadcast_id=announcement.broadcast_id)
    address = f"/en/groups/{group.slug}/announcements/{announcement.pk}/"
    page = client.get(address).content.decode()
    assert 'http-equiv="refresh"' in page  # still going: the page refreshes itself
    assert "Sending to 3 people." in page
    assert "Español" in page
    broadcast_send(broadcast_id=announcement.broadcast_id, channel="email")
    page = client.get(address).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "Finished: 3 people reached." in page
    # A worker stopped mid-send: the sender sees it and decides.
    Delivery.objects.filter(notification__recipient=spanish).update(status="unknown")
    page = client.get(address).content.decode()
    assert "Send the messages not confirmed again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address)
    assert response.status_code == 302
    assert Delivery.objects.get(notification__recipient=spanish).status == "sent"
    login(client, people["member"])
    assert client.get(address).status_code == 404


def test_the_sender_reads_how_many_texts_stopped_because_families_replied_stop(
    client, home, people, group, mfa_ok, django_capture_on_commit_callbacks
):
    """A "failed" count alone sends a facilitator to the provider's log; a family that
    replied STOP is not a fault to chase, and the page says so (in the sender's language)."""
    from cms.models import SmsOptOut

    texters = []
    for n in range(3):
        person = UserFactory(
            contact_channel="sms",
            phone=f"+120255501{n:02d}",
            phone_verified=True,
            preferred_language="so",
        )
        MembershipFactory(group=group, user=person)
        texters.append(person)
    with django_capture_on_commit_callbacks(execute=False):
        announcement = announcement_send(
            actor=people["facilitator"], group=group, subject="Hi", body="B", language="en"
        )
    with django_capture_on_commit_callbacks(execute=False):
        broadcast_fanout(broadcast_id=announcement.broadcast_id)
    for person in texters[:2]:
        SmsOptOut.objects.create(phone=str(person.phone), user=person, keyword="STOP")
    broadcast_send(broadcast_id=announcement.broadcast_id, channel="sms")
    login(client, people["facilitator"])
    address = f"/groups/{group.slug}/announcements/{announcement.pk}/"
    page = client.get("/en" + address).content.decode()
    assert "2 texts were not sent because the number replied STOP" in page
    arabic = client.get("/ar" + address).content.decode()
    assert "replied STOP" not in arabic and "STOP" in arabic
