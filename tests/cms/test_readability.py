"""Plain language: the readability hint editors see in the Wagtail admin for the English
source of resource pages and meeting summaries (a hint, never blocking)."""

from allauth.mfa.models import Authenticator
from django.utils import translation

from cms.models import ResourcePage
from cms.readability import readability
from tests.conftest import login, translate
from tests.factories import UserFactory

PLAIN = (
    "Your child can go to school for free. The school will not ask where you were born. "
    "You can ask for a helper who speaks your language. It costs nothing."
)
HARD = (
    "Notwithstanding any administrative determinations regarding eligibility, educational "
    "institutions are prohibited from conditioning enrollment upon documentation of "
    "immigration classification, and families are entitled to complimentary interpretation "
    "services during consequential consultations concerning individualized educational "
    "programming and disciplinary proceedings."
)


def test_plain_text_scores_a_low_grade_and_is_called_plain():
    result = readability(PLAIN)
    assert result.grade <= 8
    assert result.level == "plain"
    assert "Plain" in result.advice[0]


def test_long_words_and_long_sentences_are_called_hard_with_advice():
    result = readability(HARD)
    assert result.grade >= 10
    assert result.level == "hard"
    assert result.long_sentences == 1
    assert "Hard to read" in result.advice[0]
    assert "1 sentence has more than 20 words" in result.advice[1]


def test_rich_text_is_read_without_its_markup_and_short_text_is_not_judged():
    assert readability(f"<p><b>{PLAIN}</b></p>").grade == readability(PLAIN).grade
    assert readability("<p>Too short.</p>") is None
    assert readability("") is None


def test_the_advice_is_in_the_editors_language():
    with translation.override("es"):
        advice = readability(HARD).advice[0]
    assert "Hard to read" not in advice


def editor(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    login(client, admin)


def test_the_resource_page_editor_shows_the_grade_and_advice_and_saving_is_never_blocked(
    client, resources
):
    page = ResourcePage.objects.get(slug="rights")
    page.summary = HARD
    page.save_revision().publish()
    editor(client)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Readability (plain language)" in html
    assert f"grade level {readability(HARD).grade}" in html
    assert "Hard to read" in html
    # A hint, not a rule: the hard text saves and publishes like any other.
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": page.title,
            "slug": page.slug,
            "topic": page.topic,
            "summary": HARD + " Still hard.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.summary.endswith("Still hard.")


def test_a_translation_points_to_the_english_source(client, resources):
    page = ResourcePage.objects.get(slug="rights")
    arabic = translate(page, "ar", title="حقوقك", summary="نص عربي طويل بما يكفي للحكم عليه")
    editor(client)
    html = client.get(f"/admin/pages/{arabic.pk}/edit/").content.decode()
    assert "Readability is checked on the English source of this page." in html
    assert "grade level" not in html


def test_the_meeting_editor_scores_the_plain_language_summary(client, db):
    from meetings.models import BoardIndexPage
    from tests.conftest import build_site
    from tests.meetings.conftest import add_meeting, publish_child

    board = publish_child(build_site(), BoardIndexPage(title="School board", slug="board"))
    meeting = add_meeting(board, "Board meeting", summary=f"<p>{PLAIN}</p>")
    editor(client)
    html = client.get(f"/admin/pages/{meeting.pk}/edit/").content.decode()
    assert "Plain: most families can read this" in html
