"""Published recommendations and answers on the group's Wagtail page, in every site
language, with overdue flags; nothing of a draft leaks to visitors."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import check_for_language

from advisory.models import ContentTranslation, GroupPage, TranslationStatus
from advisory.services import answers as answer_services
from tests.conftest import SITE_LANGUAGE_CODES, login, translate
from tests.factories import RecommendationFactory, answer_states


def setup(home, group, people, *, public=True):
    group.publish_recommendations = public
    group.save()
    page = GroupPage(title="Lincoln families", slug="lincoln", group=group)
    home.add_child(instance=page)
    page.save_revision().publish()
    overdue = RecommendationFactory(
        group=group,
        title="Safer crossings",
        status="submitted",
        submitted_at=timezone.now() - timedelta(days=40),
        due_on=timezone.localdate() - timedelta(days=3),
    )
    answered = RecommendationFactory(
        group=group,
        title="Earlier buses",
        status="submitted",
        submitted_at=timezone.now(),
        due_on=timezone.localdate() + timedelta(days=10),
    )
    answered.leaders.add(people["leader"])
    ContentTranslation.objects.create(
        recommendation=answered,
        language="es",
        title="Autobuses más temprano",
        text="Los autobuses llegan antes.",
        status=TranslationStatus.REVIEWED,
    )
    answer_services.answer_save(
        actor=people["leader"],
        recommendation=answered,
        state=answer_states()["accepted"],
        text="Route 4 moves earlier <script>alert(1)</script>",
        language="en",
        commitments=[
            {"what": "New timetable", "owner": "Transport", "due_on": timezone.localdate()}
        ],
        publish=True,
    )
    draft = RecommendationFactory(group=group, title="Secret draft")
    return page, overdue, answered, draft


def test_visitors_read_published_recommendations_with_overdue_flags(client, home, group, people):
    page, overdue, answered, draft = setup(home, group, people)
    html = client.get("/en/lincoln/").content.decode()
    assert "Safer crossings" in html and "Overdue by 3 days" in html
    assert "Earlier buses" in html and "Answered: Accepted" in html
    assert "Secret draft" not in html
    detail = client.get(f"/en/lincoln/recommendations/{answered.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Route 4 moves earlier &lt;script&gt;" in body and "New timetable" in body
    assert client.get(f"/en/lincoln/recommendations/{draft.pk}/").status_code == 404


def test_the_public_page_works_in_every_site_language(client, home, group, people):
    page, overdue, answered, draft = setup(home, group, people)
    # Languages Django cannot serve without compiled catalogues (ht, so before
    # `make catalogues`) are left out; every language Django ships is always checked.
    served = [c for c in SITE_LANGUAGE_CODES if c != "en" and check_for_language(c)]
    assert {"es", "ar", "zh-hans", "vi", "fr", "pt", "ko"} <= set(served)
    for code in served:
        translate(page, code, slug=f"lincoln-{code}")
        response = client.get(f"/{code}/lincoln-{code}/recommendations/{answered.pk}/")
        assert response.status_code == 200, code
        assert f'<html lang="{code}"' in response.content.decode()
    es = client.get(f"/es/lincoln-es/recommendations/{answered.pk}/").content.decode()
    assert "Autobuses más temprano" in es and "Los autobuses llegan antes." in es
    ar = client.get(f"/ar/lincoln-ar/recommendations/{answered.pk}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in ar


def test_nothing_is_public_unless_the_group_says_so(client, home, group, people):
    page, overdue, answered, draft = setup(home, group, people, public=False)
    assert "Earlier buses" not in client.get("/en/lincoln/").content.decode()
    assert client.get(f"/en/lincoln/recommendations/{answered.pk}/").status_code == 404
    login(client, people["member"])
    html = client.get("/en/lincoln/").content.decode()
    assert "Overdue by 3 days" in html  # the group itself still sees the flags
    assert f"/en/groups/{group.slug}/recommendations/{answered.pk}/" in html
    assert f'href="/en/groups/{group.slug}/recommendations/"' in html
