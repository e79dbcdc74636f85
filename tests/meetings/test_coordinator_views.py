"""The coordinator's and interpreter's forms: bad input keeps what was typed, actions go
through the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import InterpreterLanguage, InterpreterSlot, SlotClaim
from tests.conftest import login
from tests.factories import UserFactory
from tests.meetings.conftest import make_interpreter

pytestmark = pytest.mark.django_db


def test_a_slot_that_ends_before_it_starts_is_refused_and_the_form_keeps_the_input(
    client, meeting, coordinator
):
    login(client, coordinator)
    response = client.post(
        reverse("meetings:slot_create", args=[meeting.pk]),
        {
            "language": "vi",
            "mode": "remote",
            "starts_at": "2030-01-10T19:00",
            "ends_at": "2030-01-10T18:00",
            "notes": "Zoom <room> 2",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The slot must end after it starts." in html
    assert 'value="Zoom &lt;room&gt; 2"' in html
    assert not InterpreterSlot.objects.exists()


def test_a_coordinator_opens_assigns_and_removes_through_the_pages(client, meeting, coordinator):
    login(client, coordinator)
    response = client.post(
        reverse("meetings:slot_create", args=[meeting.pk]),
        {
            "language": "vi",
            "mode": "consecutive",
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    slot = InterpreterSlot.objects.get()
    thu = make_interpreter("vi", display_name="Thu")
    page = client.get(reverse("meetings:coverage_meeting", args=[meeting.pk])).content.decode()
    assert "Thu" in page  # offered in the assign form: verified for Vietnamese
    client.post(
        reverse("meetings:slot_assign", args=[slot.pk]), {f"slot{slot.pk}-interpreter": thu.pk}
    )
    claim = SlotClaim.objects.get(slot=slot, released_at__isnull=True)
    assert claim.interpreter == thu and claim.assigned_by == coordinator
    client.post(reverse("meetings:claim_unassign", args=[claim.pk]))
    assert not SlotClaim.objects.filter(released_at__isnull=True).exists()
    client.post(reverse("meetings:slot_delete", args=[slot.pk]))
    assert not InterpreterSlot.objects.exists()


def test_an_unverified_person_cannot_be_assigned_through_the_form(client, meeting, coordinator):
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    unverified = make_interpreter("vi", verified=False)
    login(client, coordinator)
    response = client.post(
        reverse("meetings:slot_assign", args=[slot.pk]),
        {f"slot{slot.pk}-interpreter": unverified.pk},
        follow=True,
    )
    assert "Please choose an interpreter verified for this language." in response.content.decode()
    assert not SlotClaim.objects.exists()


def test_an_interpreter_declares_a_language_and_the_coordinator_verifies_it(client, coordinator):
    person = UserFactory(roles=["interpreter"], display_name="Ana")
    login(client, person)
    response = client.post(
        reverse("meetings:language_declare"), {"language": "es", "direction": "both"}
    )
    assert response.status_code == 400  # no mode chosen: refused, form kept
    assert 'value="es" selected' in response.content.decode()
    client.post(
        reverse("meetings:language_declare"),
        {"language": "es", "direction": "both", "modes": ["consecutive", "remote"]},
    )
    entry = InterpreterLanguage.objects.get(profile__user=person)
    assert entry.verified_at is None
    login(client, coordinator)
    assert "Ana" in client.get(reverse("meetings:roster")).content.decode()
    client.post(reverse("meetings:language_verify", args=[entry.pk]), {"verified": "1"})
    entry.refresh_from_db()
    assert entry.verified_by == coordinator


def test_people_who_are_not_interpreters_cannot_declare_languages(client, people):
    login(client, people["member"])
    response = client.post(
        reverse("meetings:language_declare"),
        {"language": "es", "direction": "both", "modes": ["consecutive"]},
    )
    assert response.status_code == 404
    assert not InterpreterLanguage.objects.exists()


def test_an_interpreter_releases_from_their_page(client, meeting, coordinator):
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    thu = make_interpreter("vi")
    services.slot_claim(actor=thu, slot=slot)
    login(client, thu)
    response = client.post(reverse("meetings:slot_release", args=[slot.pk]), follow=True)
    assert "You released the slot." in response.content.decode()
    assert not SlotClaim.objects.filter(released_at__isnull=True).exists()
    # Someone else's slot cannot be released by them.
    services.slot_claim(actor=make_interpreter("vi"), slot=slot)
    response = client.post(reverse("meetings:slot_release", args=[slot.pk]), follow=True)
    assert "You do not hold this slot." in response.content.decode()
    assert SlotClaim.objects.filter(released_at__isnull=True).count() == 1


def test_an_interpreter_sets_availability_shown_on_the_roster(client, coordinator):
    person = make_interpreter("es", display_name="Ana")
    login(client, person)
    response = client.post(reverse("meetings:availability"), {"availability_notes": "x" * 2001})
    assert response.status_code == 400
    client.post(reverse("meetings:availability"), {"availability_notes": "Tuesday evenings"})
    login(client, coordinator)
    assert "Tuesday evenings" in client.get(reverse("meetings:roster")).content.decode()
