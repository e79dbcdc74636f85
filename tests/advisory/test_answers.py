"""Leaders' answers: who may answer (a full permission matrix), draft versus published,
notifications on publish, commitments and progress updates, overdue flags, the queue."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from advisory.models import Commitment, RecommendationStatus
from advisory.selectors.recommendations import leader_queue, recommendations_for_group
from advisory.services import answers as answer_services
from advisory.services import recommendations as services
from cms.models import Notification, ScheduledNotice
from tests.conftest import login
from tests.factories import (
    AdvisoryGroupFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
    answer_states,
    closed_round_with_priorities,
)


@pytest.fixture
def states(db):
    return answer_states()


@pytest.fixture
def matrix(people, group):
    """Everyone of the permission matrix, plus the other group's facilitator and a leader
    the recommendation was not sent to."""
    other_facilitator = UserFactory(display_name="Other facilitator")
    other_group = people["other_member"].memberships.first().group
    MembershipFactory(group=other_group, user=other_facilitator, role="facilitator")
    return {
        **people,
        "other_facilitator": other_facilitator,
        "unaddressed_leader": UserFactory(display_name="Another leader", roles=["leader"]),
    }


@pytest.fixture
def submitted(people, group):
    group.require_all_languages = False
    group.save()
    round_ = closed_round_with_priorities(group)
    rec = services.recommendation_create(
        actor=people["member"],
        group=group,
        round_=round_,
        title="Earlier buses",
        text="Buses should arrive before the bell.",
        summary="Buses come earlier.",
        language="en",
        concern_ids=[round_.priorities.first().concern_id],
    )
    return services.recommendation_submit(
        actor=people["facilitator"], recommendation=rec, leaders=[people["leader"]]
    )


def publish(rec, actor, states, **kwargs):
    values = {
        "state": states["partly-accepted"],
        "text": "We will add a bus on route 4.",
        "language": "en",
        "commitments": [
            {"what": "Add a bus", "owner": "Transport office", "due_on": timezone.localdate()}
        ],
        "publish": True,
    }
    values.update(kwargs)
    return answer_services.answer_save(actor=actor, recommendation=rec, **values)


ALLOWED = {"leader", "staff"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "member",
        "other_member",
        "facilitator",
        "other_facilitator",
        "leader",
        "unaddressed_leader",
        "staff",
    ],
)
def test_only_addressed_leaders_and_staff_answer(client, matrix, submitted, states, who, mfa_ok):
    user = matrix[who]
    url = f"/en/groups/{submitted.group.slug}/recommendations/{submitted.pk}/answer/"
    if user is not None:
        login(client, user)
    response = client.get(url)
    data = {
        "state": states["accepted"].pk,
        "text": "Yes",
        "language": "en",
        "action": "publish",
        "commitments-TOTAL_FORMS": "0",
        "commitments-INITIAL_FORMS": "0",
    }
    posted = client.post(url, data)
    submitted.refresh_from_db()
    if who in ALLOWED:
        assert response.status_code == 200
        assert posted.status_code == 302
        assert submitted.status == RecommendationStatus.ANSWERED
    else:
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected
        assert posted.status_code == expected
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        assert submitted.status == RecommendationStatus.SUBMITTED
        if user is not None:
            with pytest.raises(PermissionDenied):
                publish(submitted, user, states)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member", 200),
        ("facilitator", 200),
        ("leader", 200),
        ("staff", 200),
        ("other_member", 404),
        ("other_facilitator", 404),
        ("unaddressed_leader", 404),
    ],
)
def test_who_reads_a_submitted_recommendation(client, matrix, submitted, who, status, mfa_ok):
    login(client, matrix[who])
    url = f"/en/groups/{submitted.group.slug}/recommendations/{submitted.pk}/"
    assert client.get(url).status_code == status


def test_a_draft_answer_is_private_until_published(client, people, submitted, states, mfa_ok):
    answer_services.answer_save(
        actor=people["leader"],
        recommendation=submitted,
        state=states["declined"],
        text="Secret draft wording",
        language="en",
    )
    url = f"/en/groups/{submitted.group.slug}/recommendations/{submitted.pk}/"
    login(client, people["member"])
    assert "Secret draft wording" not in client.get(url).content.decode()
    assert not Notification.objects.filter(kind="advisory.answer_published").exists()
    login(client, people["leader"])
    assert (
        "Secret draft wording" in client.get(url.replace("/", "/", 1) + "answer/").content.decode()
    )
    publish(submitted, people["leader"], states, text="Published wording")
    login(client, people["member"])
    html = client.get(url).content.decode()
    assert "Published wording" in html and "Partly accepted" in html and "Add a bus" in html


def test_publishing_needs_a_state_and_a_text(client, people, submitted, states, mfa_ok):
    with pytest.raises(ValidationError) as caught:
        publish(submitted, people["leader"], states, state=None, text="  ")
    assert set(caught.value.message_dict) == {"state", "text"}
    login(client, people["leader"])
    url = f"/es/groups/{submitted.group.slug}/recommendations/{submitted.pk}/answer/"
    response = client.post(
        url,
        {
            "text": "Mi respuesta a medias",
            "language": "es",
            "action": "publish",
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-0-what": "Algo",
            "commitments-0-owner": "",
            "commitments-0-due_on": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    with translation.override("es"):
        assert translation.gettext("Choose an answer before publishing.") in html
    assert "Mi respuesta a medias" in html  # nothing typed is lost
    submitted.refresh_from_db()
    assert submitted.status == RecommendationStatus.SUBMITTED


def test_publishing_tells_coauthors_and_the_group_in_their_language(people, submitted, states):
    spanish = UserFactory(
        preferred_language="es", contact_channel="sms", phone="+15555550123", phone_verified=True
    )
    MembershipFactory(group=submitted.group, user=spanish)
    outsider_author = UserFactory()  # a co-author who later left the group is told too
    submitted.authors.add(outsider_author)
    publish(submitted, people["leader"], states)
    notices = Notification.objects.filter(kind="advisory.answer_published")
    assert set(notices.values_list("recipient", flat=True)) >= {
        people["member"].pk,
        people["facilitator"].pk,
        spanish.pk,
        outsider_author.pk,
    }
    assert people["other_member"].pk not in set(notices.values_list("recipient", flat=True))
    es = notices.get(recipient=spanish)
    assert es.language == "es"
    with translation.override("es"):
        assert translation.gettext("Partly accepted") in es.body
    assert es.deliveries.filter(channel="sms").exists()


def test_publishing_cancels_the_reminders(people, submitted, states):
    assert (
        ScheduledNotice.objects.filter(sent_at__isnull=True, kind="advisory.answer_due").count()
        == 2
    )
    publish(submitted, people["leader"], states)
    assert not ScheduledNotice.objects.filter(kind="advisory.answer_due").exists()


def test_an_answer_is_published_once(people, submitted, states):
    publish(submitted, people["leader"], states)
    with pytest.raises(ValidationError):
        publish(submitted, people["staff"], states, text="Changed my mind")


def test_no_answer_before_submission(people, group, states):
    rec = RecommendationFactory(group=group)
    rec.leaders.add(people["leader"])
    with pytest.raises(ValidationError):
        publish(rec, people["leader"], states)


def test_progress_updates_appear_on_the_public_timeline(client, people, submitted, states, mfa_ok):
    publish(submitted, people["leader"], states)
    commitment = Commitment.objects.get(answer__recommendation=submitted)
    login(client, people["leader"])
    url = f"/en/groups/{submitted.group.slug}/recommendations/{submitted.pk}/commitments/{commitment.pk}/progress/"
    assert client.post(url, {"status": "in-progress", "percent": 140}).status_code == 302
    assert not commitment.updates.exists()
    assert (
        client.post(
            url, {"status": "in-progress", "percent": 40, "note": "Driver hired"}
        ).status_code
        == 302
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.percent) == ("in-progress", 40)
    login(client, people["member"])
    assert client.post(url, {"status": "done", "percent": 100}).status_code == 404
    html = client.get(
        f"/en/groups/{submitted.group.slug}/recommendations/{submitted.pk}/"
    ).content.decode()
    assert "Driver hired" in html and "In progress, 40%" in html
    assert Notification.objects.filter(
        kind="advisory.commitment_updated", recipient=people["member"]
    ).exists()


def test_overdue_the_day_after_the_due_date(people, submitted, states, client, mfa_ok):
    due = submitted.due_on
    tz = timezone.get_current_timezone()
    on_due_day = timezone.datetime.combine(
        due, timezone.datetime.min.time(), tzinfo=tz
    ) + timedelta(hours=23)
    day_after = on_due_day + timedelta(hours=2)
    assert not submitted.is_overdue(on_due_day)
    assert submitted.is_overdue(day_after)
    [row] = recommendations_for_group(submitted.group, now=day_after, language="en")
    assert row.overdue and row.overdue_days == 1
    [row] = leader_queue(people["leader"], now=day_after, language="en")
    assert row.overdue
    publish(submitted, people["leader"], states)
    [row] = leader_queue(people["leader"], now=day_after + timedelta(days=30), language="en")
    assert not row.overdue


def test_the_overdue_flag_shows_on_the_group_pages(client, people, submitted, mfa_ok):
    submitted.due_on = timezone.localdate() - timedelta(days=2)
    submitted.save()
    login(client, people["member"])
    html = client.get(f"/en/groups/{submitted.group.slug}/recommendations/").content.decode()
    assert "Overdue by 2 days" in html
    login(client, people["leader"])
    assert "Overdue by 2 days" in client.get("/en/groups/answers/").content.decode()


def test_reminders_reach_the_leader_before_and_after_the_due_date(people, submitted):
    from cms.notifications import scheduled_notices_send_due

    soon, late = ScheduledNotice.objects.filter(kind="advisory.answer_due").order_by("send_at")
    assert scheduled_notices_send_due(now=soon.send_at) == 1
    assert people["leader"].notifications.filter(kind="advisory.answer_due").count() == 1
    assert scheduled_notices_send_due(now=late.send_at) == 1
    notices = people["leader"].notifications.filter(kind="advisory.answer_due")
    assert notices.count() == 2
    subjects = sorted(notices.values_list("subject", flat=True))
    assert subjects[0].startswith("Overdue: your answer to")
    assert subjects[1].startswith("Reminder: your answer to")


def _queue_rows(leader, n, states):
    for i in range(n):
        group = AdvisoryGroupFactory(require_all_languages=False)
        rec = RecommendationFactory(
            group=group,
            status="submitted",
            submitted_at=timezone.now(),
            due_on=timezone.localdate() + timedelta(days=i - 3),
        )
        rec.leaders.add(leader)


def test_the_leaders_queue_is_due_soonest_first_in_constant_queries(client, people, states, mfa_ok):
    leader = people["leader"]
    login(client, leader)
    counts = []
    for n in (3, 50):
        _queue_rows(leader, n - (0 if n == 3 else 3), states)
        client.get("/en/groups/answers/")  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/en/groups/answers/")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    rows = leader_queue(leader, now=timezone.now(), language="en")
    assert [r.due_on for r in rows] == sorted(r.due_on for r in rows)
    assert sum(r.overdue for r in rows) == 6  # three past due in each batch


def test_the_queue_is_only_for_leaders(client, people, mfa_ok):
    login(client, people["member"])
    assert client.get("/en/groups/answers/").status_code == 404


def test_an_admin_added_state_has_labels_per_language(people, submitted, states):
    from advisory.models import AnswerState

    deferred = AnswerState.objects.create(
        code="deferred",
        label="Deferred to next year",
        label_translations={"es": "Aplazado"},
        position=9,
    )
    assert deferred.label_in("es") == "Aplazado"
    assert deferred.label_in("fr") == "Deferred to next year"
    spanish = UserFactory(preferred_language="es")
    MembershipFactory(group=submitted.group, user=spanish)
    publish(submitted, people["leader"], states, state=deferred)
    assert "Aplazado" in Notification.objects.get(recipient=spanish).body
    assert "Deferred to next year" in Notification.objects.get(recipient=people["member"]).body
