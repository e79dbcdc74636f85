from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.models import Notification, ScheduledNotice
from meetings import services
from meetings.models import InterpreterSlot, SlotClaim
from tests.factories import UserFactory
from tests.meetings.conftest import add_meeting, make_interpreter

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(meeting, coordinator):
    return services.slot_create(actor=coordinator, meeting=meeting, language="vi")


def test_a_verified_interpreter_claims_an_open_slot_and_is_confirmed(slot):
    thu = make_interpreter("vi")
    claim = services.slot_claim(actor=thu, slot=slot)
    assert claim.slot == slot and claim.released_at is None
    confirmation = Notification.objects.get(recipient=thu, kind="meetings.slot_confirmed")
    assert "Spring meeting" in confirmation.subject
    reminder = ScheduledNotice.objects.get(source_key=f"slot:{slot.pk}:reminder:{thu.pk}")
    assert reminder.send_at == slot.starts_at - timedelta(hours=24)


def test_the_second_claim_on_a_slot_is_refused_and_changes_nothing(slot):
    first, second = make_interpreter("vi"), make_interpreter("vi")
    services.slot_claim(actor=first, slot=slot)
    with pytest.raises(ValidationError) as exc:
        services.slot_claim(actor=second, slot=slot)
    assert "already taken" in exc.value.messages[0]
    assert list(SlotClaim.objects.values_list("interpreter", flat=True)) == [first.pk]
    assert not Notification.objects.filter(recipient=second, kind="meetings.slot_confirmed")


def test_an_interpreter_not_verified_for_the_language_cannot_claim(slot):
    unverified = make_interpreter("vi", verified=False)
    arabic_only = make_interpreter("ar")
    for person in (unverified, arabic_only):
        with pytest.raises(ValidationError) as exc:
            services.slot_claim(actor=person, slot=slot)
        assert "verified" in exc.value.messages[0]
    assert not SlotClaim.objects.exists()


def test_someone_off_the_roster_cannot_claim_even_with_a_verified_language(slot):
    thu = make_interpreter("vi")
    thu.groups.clear()
    from cms.roles import forget_roles

    forget_roles(thu)
    with pytest.raises(PermissionDenied):
        services.slot_claim(actor=thu, slot=slot)


def test_a_past_meetings_slot_cannot_be_claimed(group_meetings, coordinator):
    meeting = add_meeting(group_meetings, "Soon", starts_at=timezone.now() + timedelta(hours=1))
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    with pytest.raises(ValidationError) as exc:
        services.slot_claim(
            actor=make_interpreter("vi"), slot=slot, now=timezone.now() + timedelta(hours=2)
        )
    assert "already started" in exc.value.messages[0]
    assert not SlotClaim.objects.exists()


def test_opening_a_slot_tells_every_interpreter_verified_for_that_language_only(
    meeting, coordinator
):
    verified = [make_interpreter("vi"), make_interpreter("vi", "es")]
    others = [make_interpreter("vi", verified=False), make_interpreter("es")]
    slot = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    told = set(
        Notification.objects.filter(kind="meetings.slot_opened").values_list("recipient", flat=True)
    )
    assert told == {u.pk for u in verified}
    assert not told & {u.pk for u in others}
    assert slot.starts_at == meeting.starts_at and slot.ends_at == meeting.ends_at


def test_releasing_before_the_cutoff_reopens_the_slot_and_tells_the_others(slot):
    thu, other = make_interpreter("vi"), make_interpreter("vi")
    services.slot_claim(actor=thu, slot=slot)
    Notification.objects.all().delete()
    services.slot_release(actor=thu, slot=slot)
    assert not SlotClaim.objects.filter(released_at__isnull=True).exists()
    assert not ScheduledNotice.objects.filter(source_key__contains=f"reminder:{thu.pk}").exists()
    told = set(
        Notification.objects.filter(kind="meetings.slot_opened").values_list("recipient", flat=True)
    )
    assert told == {other.pk}
    services.slot_claim(actor=other, slot=slot)  # someone else can now take it


def test_after_the_cutoff_only_a_coordinator_can_take_an_interpreter_off(slot, coordinator):
    thu = make_interpreter("vi")
    claim = services.slot_claim(actor=thu, slot=slot)
    late = slot.starts_at - timedelta(hours=2)
    with pytest.raises(ValidationError) as exc:
        services.slot_release(actor=thu, slot=slot, now=late)
    assert "coordinator" in exc.value.messages[0]
    services.claim_unassign(actor=coordinator, claim=claim, now=late)
    assert Notification.objects.filter(recipient=thu, kind="meetings.slot_unassigned").exists()


def test_a_coordinator_assigns_an_interpreter_and_a_backup(slot, coordinator):
    main, backup, third = make_interpreter("vi"), make_interpreter("vi"), make_interpreter("vi")
    services.slot_assign(actor=coordinator, slot=slot, interpreter=main)
    services.slot_assign(actor=coordinator, slot=slot, interpreter=backup, backup=True)
    with pytest.raises(ValidationError):
        services.slot_assign(actor=coordinator, slot=slot, interpreter=third)
    with pytest.raises(ValidationError):
        services.slot_claim(actor=third, slot=slot)
    active = SlotClaim.objects.filter(released_at__isnull=True)
    assert {(c.interpreter_id, c.is_backup) for c in active} == {
        (main.pk, False),
        (backup.pk, True),
    }


def test_a_coordinator_cannot_assign_an_unverified_interpreter(slot, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.slot_assign(
            actor=coordinator, slot=slot, interpreter=make_interpreter("vi", verified=False)
        )
    assert "interpreter" in exc.value.message_dict


def test_only_coordinators_open_slots(meeting, people):
    for who in ("member", "facilitator", "leader"):
        with pytest.raises(PermissionDenied):
            services.slot_create(actor=people[who], meeting=meeting, language="vi")
    with pytest.raises(PermissionDenied):
        services.slot_create(actor=make_interpreter("vi"), meeting=meeting, language="vi")


def test_the_database_allows_one_active_claim_per_slot(slot):
    a, b = make_interpreter("vi"), make_interpreter("vi")
    SlotClaim.objects.create(slot=slot, interpreter=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotClaim.objects.create(slot=slot, interpreter=b)
    SlotClaim.objects.filter(interpreter=a).update(released_at=timezone.now())
    SlotClaim.objects.create(slot=slot, interpreter=b)  # released claims do not count


def test_the_database_refuses_a_slot_or_meeting_that_ends_before_it_starts(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        InterpreterSlot.objects.create(
            meeting=meeting, language="vi", starts_at=meeting.ends_at, ends_at=meeting.starts_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(meeting).objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at)


def test_slot_with_end_before_start_is_refused_with_a_message(meeting, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.slot_create(
            actor=coordinator,
            meeting=meeting,
            language="vi",
            starts_at=meeting.ends_at,
            ends_at=meeting.starts_at,
        )
    assert exc.value.message_dict["ends_at"] == ["The slot must end after it starts."]


def test_verification_records_who_and_when_and_can_be_withdrawn(coordinator):
    thu = make_interpreter("vi", verified=False)
    entry = thu.interpreter_profile.languages.get()
    services.interpreter_language_verify(actor=coordinator, entry=entry)
    entry.refresh_from_db()
    assert entry.verified_by == coordinator and entry.verified_at is not None
    services.interpreter_language_verify(actor=coordinator, entry=entry, verified=False)
    entry.refresh_from_db()
    assert entry.verified_at is None
    with pytest.raises(PermissionDenied):
        services.interpreter_language_verify(actor=UserFactory(roles=["interpreter"]), entry=entry)


def test_the_reminder_reaches_the_interpreter_in_their_language_before_the_slot(slot):
    from cms.notifications import scheduled_notices_send_due

    thu = make_interpreter("vi", preferred_language="vi")
    services.slot_claim(actor=thu, slot=slot)
    assert scheduled_notices_send_due(now=slot.starts_at - timedelta(hours=25)) == 0
    assert scheduled_notices_send_due(now=slot.starts_at - timedelta(hours=23)) == 1
    reminder = Notification.objects.get(recipient=thu, kind="meetings.slot_reminder")
    assert reminder.language == "vi" and "Spring meeting" in reminder.subject


def test_a_released_slot_sends_no_reminder(slot):
    from cms.notifications import scheduled_notices_send_due

    thu = make_interpreter("vi")
    services.slot_claim(actor=thu, slot=slot)
    services.slot_release(actor=thu, slot=slot)
    assert scheduled_notices_send_due(now=slot.starts_at) == 0


def test_an_interpreter_cannot_hold_two_slots_at_the_same_time(meeting, coordinator):
    vi = services.slot_create(actor=coordinator, meeting=meeting, language="vi")
    es = services.slot_create(actor=coordinator, meeting=meeting, language="es")
    both = make_interpreter("vi", "es")
    services.slot_claim(actor=both, slot=vi)
    with pytest.raises(ValidationError) as exc:
        services.slot_claim(actor=both, slot=es)
    assert "another slot at that time" in exc.value.messages[0]
    backup = make_interpreter("vi")
    services.slot_release(actor=both, slot=vi)
    services.slot_assign(actor=coordinator, slot=vi, interpreter=backup, backup=True)
    with pytest.raises(ValidationError) as exc:
        services.slot_claim(actor=backup, slot=vi)
    assert exc.value.messages == ["You have already taken this slot."]
