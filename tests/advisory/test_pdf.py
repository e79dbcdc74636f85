"""PDF packets and group reports: text comes back out (pypdf) in English, Arabic and
Chinese, each script drawn with a font that covers it, user text is escaped and nothing is
fetched from the network or the file system; the group report is made in the background
and its queries do not grow with the number of recommendations."""

import io
import unicodedata

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisory.models import ContentTranslation, PdfExport, TranslationStatus
from advisory.pdf import RefusedURL, StaticOnlyFetcher, html_to_pdf, packet_pdf, report_pdf
from advisory.selectors.recommendations import round_report
from advisory.services import answers as answer_services
from tests.conftest import login
from tests.factories import (
    RecommendationFactory,
    answer_states,
    closed_round_with_priorities,
)

ARABIC_TITLE = "حافلات قبل الجرس"
ARABIC_SUMMARY = "يجب أن تصل الحافلات قبل بداية الدروس."
CHINESE_TITLE = "校车提前到达"
CHINESE_SUMMARY = "校车应该在上课铃响之前到达学校。"


def runs(content: bytes) -> list[tuple[str, str]]:
    """Every piece of text with the name of the font it is drawn with."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip() and font is not None:
                found.append((text, str(font.get("/BaseFont", ""))))

        page.extract_text(visitor_text=visit)
    return found


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def script_fonts(content: bytes, predicate) -> set[str]:
    return {font for text, font in runs(content) if any(predicate(ch) for ch in text)}


def is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@pytest.fixture
def packet_rec(people, group):
    group.working_languages = ["en", "ar", "zh-hans", "es"]
    group.save()
    round_ = closed_round_with_priorities(group)
    rec = RecommendationFactory(
        group=group,
        round=round_,
        title="Buses before the bell",
        summary="Buses should arrive before school starts.",
        status="submitted",
        submitted_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    rec.leaders.add(people["leader"])
    rec.concerns.set([p.concern for p in round_.priorities.all()])
    for code, title, text in [
        ("ar", ARABIC_TITLE, ARABIC_SUMMARY),
        ("zh-hans", CHINESE_TITLE, CHINESE_SUMMARY),
        ("es", "Autobuses antes del timbre", "Los autobuses deben llegar antes de clase."),
    ]:
        ContentTranslation.objects.create(
            recommendation=rec,
            language=code,
            title=title,
            text=text,
            status=TranslationStatus.REVIEWED,
            translated_by=people["facilitator"],
        )
    states = answer_states()
    answer_services.answer_save(
        actor=people["leader"],
        recommendation=rec,
        state=states["accepted"],
        text="We will move the route 4 bus earlier.",
        language="en",
        commitments=[
            {"what": "New timetable", "owner": "Transport", "due_on": timezone.localdate()}
        ],
        publish=True,
    )
    return rec


def test_english_packet_has_every_part(packet_rec):
    rendered = packet_pdf(packet_rec, "en")
    assert rendered.content.startswith(b"%PDF")
    text = text_of(rendered.content)
    for expected in [
        "Buses before the bell",
        "Buses should arrive before school starts.",
        "Priority 1",
        "30",  # the vote total of the first priority
        "Accepted",
        "We will move the route 4 bus earlier.",
        "New timetable",
        "Timeline",
        "Concern raised: “Priority 1”, later priority 1",
    ]:
        assert expected in text
    assert rendered.refused == []


def test_arabic_packet_is_right_to_left_with_an_arabic_font(packet_rec):
    from advisory.pdf import packet_html

    html = packet_html(packet_rec, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    # English user text inside the Arabic packet keeps its own direction.
    assert 'lang="en" dir="ltr">Buses should arrive before the bell.' in html
    rendered = packet_pdf(packet_rec, "ar")
    text = text_of(rendered.content)
    assert ARABIC_TITLE in text and ARABIC_SUMMARY.rstrip(".") in text
    fonts = script_fonts(rendered.content, is_arabic)
    assert fonts and all("Arabic" in f for f in fonts), fonts


def test_chinese_packet_uses_a_cjk_font(packet_rec):
    rendered = packet_pdf(packet_rec, "zh-hans")
    text = text_of(rendered.content)
    assert CHINESE_TITLE in text and CHINESE_SUMMARY in text
    fonts = script_fonts(rendered.content, is_han)
    assert fonts and all("CJK-SC" in f for f in fonts), fonts


def test_user_html_is_shown_as_text_and_nothing_is_fetched(packet_rec, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    packet_rec.text = (
        '<img src="http://evil.example/x.png"><b>bold</b> <img src="file:///etc/passwd">'
    )
    packet_rec.save()
    rendered = packet_pdf(packet_rec, "en")
    text = text_of(rendered.content)
    assert '<img src="http://evil.example/x.png"><b>bold</b>' in text  # text, not markup
    assert rendered.refused == []  # escaped, so there was nothing to fetch


def test_the_fetcher_refuses_everything_but_static_files(settings):
    fetcher = StaticOnlyFetcher()
    for url in [
        "http://example.com/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/manage.py",
        f"file://{settings.BASE_DIR}/static/../manage.py",
        "ftp://example.com/x",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    css = settings.BASE_DIR / "static" / "css" / "recommendations.css"
    assert b".flag" in fetcher.fetch(css.as_uri()).read()


def test_markup_that_reaches_the_renderer_cannot_fetch(settings):
    rendered = html_to_pdf(
        '<html><body><p>Hi</p><img src="http://127.0.0.1:9/x.png">'
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="https://example.com/a.css">'
        '<img src="css/recommendations.css"></body></html>'
    )
    assert "http://127.0.0.1:9/x.png" in rendered.refused
    assert "file:///etc/passwd" in rendered.refused
    assert "https://example.com/a.css" in rendered.refused
    assert not any("recommendations.css" in url for url in rendered.refused)  # static is fine


def test_a_member_downloads_a_packet_in_a_chosen_language(client, people, packet_rec):
    login(client, people["member"])
    url = f"/en/groups/{packet_rec.group.slug}/recommendations/{packet_rec.pk}/packet.pdf"
    response = client.get(url, {"language": "es"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Los autobuses deben llegar antes de clase." in text_of(response.content)
    assert client.get(url, {"language": "xx"}).status_code == 200  # falls back, no 500
    login(client, people["other_member"])
    assert client.get(url).status_code == 404


def _report_rows(group, round_, n):
    for _ in range(n):
        rec = RecommendationFactory(group=group, round=round_)
        rec.concerns.set([p.concern for p in round_.priorities.all()[:2]])


def test_the_group_report_reads_in_constant_queries(group):
    round_ = closed_round_with_priorities(group)
    counts = []
    for n in (3, 47):
        _report_rows(group, round_, n)
        with CaptureQueriesContext(connection) as ctx:
            rows = round_report(round_, now=timezone.now(), language="en")
            for r in rows:
                _ = (
                    [c.what for c in r.published_answer.commitments.all()]
                    if r.published_answer
                    else []
                )
        counts.append(len(ctx.captured_queries))
    assert len(rows) == 50
    assert counts[0] == counts[1]


def test_the_group_report_is_made_in_the_background(
    client, people, group, packet_rec, django_capture_on_commit_callbacks
):
    round_ = packet_rec.round
    login(client, people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/groups/{group.slug}/rounds/{round_.pk}/report/", {"language": "ar"}
        )
    export = PdfExport.objects.get()
    assert response["Location"].endswith(f"/reports/{export.pk}/")
    # The immediate task backend of the tests has already rendered it.
    page = client.get(response["Location"])
    assert "Download the PDF" in page.content.decode()
    download = client.get(response["Location"] + "?download=1")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert ARABIC_TITLE in text_of(content)
    login(client, people["other_member"])
    assert client.get(response["Location"]).status_code == 404


def test_a_pending_report_says_it_is_being_prepared(client, people, group):
    round_ = closed_round_with_priorities(group)
    export = PdfExport.objects.create(group=group, round=round_, language="en")
    login(client, people["member"])
    html = client.get(f"/en/groups/{group.slug}/reports/{export.pk}/").content.decode()
    assert "being prepared" in html and 'http-equiv="refresh"' in html


def test_report_lists_every_recommendation_with_its_state(group, people):
    round_ = closed_round_with_priorities(group)
    _report_rows(group, round_, 3)
    rendered = report_pdf(round_, "en")
    text = text_of(rendered.content)
    assert text.count("Recommendation ") >= 3 and "Draft" in text
    assert rendered.pages >= 1
