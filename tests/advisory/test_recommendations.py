"""Drafting recommendations: revisions, optimistic locking, comments, summaries per working
language, submission to leaders."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from advisory.models import ContentTranslation, RecommendationStatus, TranslationStatus
from advisory.services import recommendations as services
from cms.languages import language_name
from cms.models import ScheduledNotice
from tests.conftest import login
from tests.factories import UserFactory, closed_round_with_priorities

ES, AR = language_name("es"), language_name("ar")


@pytest.fixture
def round_(group):
    group.working_languages = ["en", "es", "ar"]
    group.save()
    return closed_round_with_priorities(group)


def draft(people, closed_round, **kwargs):
    values = {
        "title": "Earlier buses",
        "text": "Buses should arrive before the bell.",
        "reasons": "Children miss breakfast.",
        "summary": "Buses come earlier.",
        "language": "en",
        "round_": closed_round,
        "concern_ids": [p.concern_id for p in closed_round.priorities.all()[:2]],
    }
    values.update(kwargs)
    return services.recommendation_create(
        actor=people["member"], group=closed_round.group, **values
    )


def translate_summaries(recommendation, languages=("es", "ar")):
    person = UserFactory(roles=["interpreter"])
    for code in languages:
        ContentTranslation.objects.update_or_create(
            recommendation=recommendation,
            language=code,
            defaults={
                "title": f"title {code}",
                "text": f"summary {code}",
                "status": TranslationStatus.REVIEWED,
                "translated_by": person,
            },
        )


def test_a_member_drafts_and_every_save_is_a_revision(people, round_):
    rec = draft(people, round_)
    assert rec.revision == 1
    facilitator = people["facilitator"]
    services.recommendation_edit(
        actor=facilitator,
        recommendation=rec,
        base_revision=1,
        title=rec.title,
        text="Buses should arrive 15 minutes before the bell.",
        summary=rec.summary,
        reasons=rec.reasons,
        concern_ids=[],
    )
    rec.refresh_from_db()
    assert rec.revision == 2
    assert list(rec.revisions.values_list("number", "author")) == [
        (2, facilitator.pk),
        (1, people["member"].pk),
    ]
    assert set(rec.authors.all()) == {people["member"], facilitator}
    assert rec.concerns.count() == 0


def test_a_stale_save_is_refused_with_the_other_version(people, round_):
    rec = draft(people, round_)
    services.recommendation_edit(
        actor=people["facilitator"],
        recommendation=rec,
        base_revision=1,
        title="Theirs",
        text="Their text",
        summary="s",
    )
    with pytest.raises(services.StaleRevision) as caught:
        services.recommendation_edit(
            actor=people["member"],
            recommendation=rec,
            base_revision=1,
            title="Mine",
            text="My text",
            summary="s",
        )
    assert caught.value.current.number == 2
    assert caught.value.current.text == "Their text"
    rec.refresh_from_db()
    assert (rec.revision, rec.text) == (2, "Their text")


def test_the_edit_page_keeps_typed_text_and_shows_theirs_on_conflict(
    client, people, round_, mfa_ok
):
    rec = draft(people, round_)
    url = f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/edit/"
    login(client, people["facilitator"])
    data = {
        "title": "T",
        "text": "Facilitator text",
        "reasons": "",
        "summary": "S",
        "base_revision": 1,
    }
    assert client.post(url, data).status_code == 302
    login(client, people["member"])
    data = {
        "title": "T",
        "text": "Member text <b>bold</b>",
        "reasons": "",
        "summary": "S",
        "base_revision": 1,
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Member text &lt;b&gt;bold&lt;/b&gt;" in html  # the typed text is kept, escaped
    assert "Facilitator text" in html  # their version is shown
    assert 'name="base_revision" value="2"' in html
    # Saving again, knowingly, now succeeds on top of theirs.
    data["base_revision"] = 2
    assert client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert rec.revision == 3 and rec.text.startswith("Member text")


def test_restore_makes_a_new_revision_and_compare_shows_changes(client, people, round_):
    rec = draft(people, round_)
    services.recommendation_edit(
        actor=people["member"],
        recommendation=rec,
        base_revision=1,
        title=rec.title,
        text="Changed words here",
        summary=rec.summary,
    )
    services.recommendation_restore(actor=people["member"], recommendation=rec, number=1)
    rec.refresh_from_db()
    assert rec.revision == 3 and rec.text == "Buses should arrive before the bell."
    assert rec.revisions.get(number=3).restored_from == 1
    login(client, people["member"])
    html = client.get(
        f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/history/?a=1&b=2"
    ).content.decode()
    assert "<ins>Changed words here</ins>" in html
    assert "<del>Buses should arrive before the bell.</del>" in html


def test_outsiders_and_leaders_cannot_draft_or_edit(people, round_):
    rec = draft(people, round_)
    for who in ("other_member", "leader"):
        with pytest.raises(PermissionDenied):
            services.recommendation_edit(
                actor=people[who], recommendation=rec, base_revision=1, title="x", text="y"
            )
        with pytest.raises(PermissionDenied):
            draft({"member": people[who]}, round_)


def test_linked_concerns_must_be_priorities_of_the_group(people, round_, group):
    other = closed_round_with_priorities(people["other_member"].memberships.first().group)
    with pytest.raises(ValidationError) as caught:
        draft(people, round_, round_=None, concern_ids=[other.priorities.first().concern_id])
    assert "concerns" in caught.value.message_dict


def test_members_comment_on_the_draft(client, people, round_):
    rec = draft(people, round_)
    login(client, people["member"])
    url = f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/comment/"
    assert client.post(url, {"text": "", "language": "en"}).status_code == 400
    assert client.post(url, {"text": "Add <script>x</script>", "language": "en"}).status_code == 302
    html = client.get(f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/").content.decode()
    assert "Add &lt;script&gt;x&lt;/script&gt;" in html


def test_submission_is_blocked_by_missing_summaries(client, people, round_, mfa_ok):
    rec = draft(people, round_)
    leader = people["leader"]
    with pytest.raises(ValidationError) as caught:
        services.recommendation_submit(
            actor=people["facilitator"], recommendation=rec, leaders=[leader]
        )
    message = caught.value.messages[0]
    assert ES in message and AR in message
    translate_summaries(rec, ["es"])
    with pytest.raises(ValidationError) as caught:
        services.recommendation_submit(
            actor=people["facilitator"], recommendation=rec, leaders=[leader]
        )
    assert ES not in caught.value.messages[0] and AR in caught.value.messages[0]
    # The page lists what is missing, in the reader's language, and keeps the form.
    login(client, people["facilitator"])
    response = client.post(
        f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/submit/", {"leaders": [leader.pk]}
    )
    assert response.status_code == 400
    assert AR in response.content.decode()


def test_a_machine_draft_does_not_count_as_a_summary(people, round_):
    rec = draft(people, round_)
    translate_summaries(rec)
    ContentTranslation.objects.filter(recommendation=rec, language="ar").update(
        status=TranslationStatus.DRAFT, is_machine=True
    )
    assert services.missing_summaries(rec) == ["ar"]


def test_the_requirement_can_be_turned_off_per_group(people, round_):
    rec = draft(people, round_)
    rec.group.require_all_languages = False
    rec.group.save()
    rec = services.recommendation_submit(
        actor=people["facilitator"], recommendation=rec, leaders=[people["leader"]]
    )
    assert rec.status == RecommendationStatus.SUBMITTED


def test_submission_sets_the_default_due_date_tells_leaders_and_schedules_reminders(people, round_):
    rec = draft(people, round_)
    translate_summaries(rec)
    now = timezone.now()
    rec = services.recommendation_submit(
        actor=people["facilitator"], recommendation=rec, leaders=[people["leader"]], now=now
    )
    assert rec.due_on == timezone.localdate(now) + timedelta(days=30)
    assert list(rec.leaders.all()) == [people["leader"]]
    assert people["leader"].notifications.filter(kind="advisory.recommendation_submitted").exists()
    reminders = ScheduledNotice.objects.filter(kind="advisory.answer_due").order_by("send_at")
    assert [n.source_key.rsplit(":", 1)[1] for n in reminders] == ["due-soon", "overdue"]
    assert reminders[0].send_at.date() < rec.due_on < reminders[1].send_at.date()
    # Submitted: the draft is closed for editing.
    with pytest.raises(PermissionDenied):
        services.recommendation_edit(
            actor=people["member"],
            recommendation=rec,
            base_revision=rec.revision,
            title="x",
            text="y",
        )


def test_only_facilitators_submit_to_real_leaders(people, round_):
    rec = draft(people, round_)
    translate_summaries(rec)
    with pytest.raises(PermissionDenied):
        services.recommendation_submit(
            actor=people["member"], recommendation=rec, leaders=[people["leader"]]
        )
    with pytest.raises(ValidationError) as caught:
        services.recommendation_submit(
            actor=people["facilitator"], recommendation=rec, leaders=[people["member"]]
        )
    assert "leaders" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.recommendation_submit(
            actor=people["facilitator"],
            recommendation=rec,
            leaders=[people["leader"]],
            due_on=timezone.localdate(),
        )
    assert "due_on" in caught.value.message_dict


def test_summaries_enter_the_translators_queue(client, people, round_, mfa_ok):
    rec = draft(people, round_)
    created = services.summaries_request(actor=people["member"], recommendation=rec)
    assert {t.language for t in created} == {"es", "ar"}
    interpreter = UserFactory(roles=["interpreter"])
    login(client, interpreter)
    html = client.get("/en/groups/translations/").content.decode()
    assert "Buses come earlier." in html
    t = rec.translations.get(language="ar")
    response = client.post(
        f"/en/groups/translations/{t.pk}/",
        {"title": "حافلات", "text": "الحافلات تأتي مبكرا", "reviewed": "on"},
    )
    assert response.status_code == 302
    assert services.missing_summaries(rec) == ["es"]


def test_changing_the_summary_sends_checked_translations_back_for_review(people, round_):
    rec = draft(people, round_)
    translate_summaries(rec)
    services.recommendation_edit(
        actor=people["member"],
        recommendation=rec,
        base_revision=1,
        title=rec.title,
        text=rec.text,
        summary="A different summary",
    )
    assert set(rec.translations.values_list("status", flat=True)) == {TranslationStatus.DRAFT}


def test_the_group_list_reads_in_constant_queries(client, people, group):
    from tests.factories import RecommendationFactory

    login(client, people["member"])
    url = f"/en/groups/{group.slug}/recommendations/"
    counts = []
    for n in (3, 47):
        for i in range(n):
            rec = RecommendationFactory(
                group=group,
                status="submitted" if i % 2 else "draft",
                submitted_at=timezone.now() if i % 2 else None,
                due_on=timezone.localdate() - timedelta(days=1) if i % 2 else None,
            )
            rec.leaders.add(people["leader"])
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert html.count("Overdue by 1 day") == 1 + 23  # the odd rows of each batch


@pytest.mark.parametrize(
    ("who", "read", "edit", "submit"),
    [
        ("anonymous", 302, 302, 302),
        ("member", 200, 200, 404),
        ("other_member", 404, 404, 404),
        ("facilitator", 200, 200, 400),  # may submit; the summaries are still missing
        ("other_facilitator", 404, 404, 404),
        ("leader", 404, 404, 404),  # not addressed: a draft is the group's own
        ("staff", 200, 404, 400),  # an administrator may submit, never writes the text
    ],
)
def test_permission_matrix_of_a_draft(client, people, round_, who, read, edit, submit, mfa_ok):
    rec = draft(people, round_)
    other_facilitator = UserFactory()
    from tests.factories import MembershipFactory

    MembershipFactory(
        group=people["other_member"].memberships.first().group,
        user=other_facilitator,
        role="facilitator",
    )
    user = {**people, "other_facilitator": other_facilitator}[who]
    if user is not None:
        login(client, user)
    base = f"/en/groups/{rec.group.slug}/recommendations/{rec.pk}/"
    assert client.get(base).status_code == read
    assert client.get(base + "edit/").status_code == edit
    response = client.post(base + "submit/", {"leaders": [people["leader"].pk]})
    assert response.status_code == submit
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.DRAFT
