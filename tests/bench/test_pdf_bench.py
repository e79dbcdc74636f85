"""PDF rendering at scale. Prints the figures; asserts the targets.

    make bench        # needs DATABASE_URL=postgres://...

- A packet of a recommendation answering 20 priorities renders in Arabic in under twice
  the time of the same packet in English (shaping right-to-left text must not be slow).
- A group report of 40 recommendations renders in time roughly linear in its length:
  pages per second and peak memory are printed for 10, 20 and 40 recommendations, and the
  time per page at 40 stays within 2x of that at 10.
"""

import statistics
import time
import tracemalloc

import pytest
from django.utils import timezone

from advisory.models import (
    AdvisoryGroup,
    Answer,
    Commitment,
    Concern,
    ContentTranslation,
    Phase,
    RankedPriority,
    Recommendation,
    Round,
    TranslationStatus,
)
from advisory.pdf import packet_pdf, report_pdf
from cms.models import User
from tests.factories import answer_states

pytestmark = pytest.mark.django_db

RUNS = 5
AR_TEXT = (
    "نطلب من المدرسة أن توفّر مترجمًا مدرَّبًا في كل اجتماع بين الأهل والمعلمين، "
    "وأن تسأل العائلات عن لغتها عند حجز الموعد. "
)
EN_TEXT = (
    "We ask the school to offer a trained interpreter at every parent-teacher "
    "conference, and to ask families their language when the meeting is booked. "
)


def _median(fn) -> float:
    fn()  # warm fonts and templates
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _world(n_priorities: int = 20):
    author = User.objects.create_user(email="bench-author@example.org", display_name="Author")
    group = AdvisoryGroup.objects.create(
        name="Bench group", slug="bench-pdf", working_languages=["en", "ar"]
    )
    round_ = Round.objects.create(
        group=group, title="Bench round", phase=Phase.CLOSED, closed_at=timezone.now()
    )
    concerns = []
    for i in range(n_priorities):
        c = Concern.objects.create(
            round=round_, author=author, title=f"Priority {i}", text="x", language="en"
        )
        RankedPriority.objects.create(
            round=round_, concern=c, rank=i + 1, dots=100 - i, supporters=40
        )
        ContentTranslation.objects.create(
            concern=c,
            language="ar",
            title=f"أولوية رقم {i}",
            text="نص",
            status=TranslationStatus.REVIEWED,
        )
        concerns.append(c)
    return author, group, round_, concerns


def _recommendation(group, round_, concerns, title: str, state) -> Recommendation:
    rec = Recommendation.objects.create(
        group=group,
        round=round_,
        title=title,
        text=EN_TEXT * 8,
        reasons=EN_TEXT * 4,
        summary=EN_TEXT,
        language="en",
        status="answered",
        submitted_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    rec.concerns.set(concerns)
    ContentTranslation.objects.create(
        recommendation=rec,
        language="ar",
        title="مترجمون في كل اجتماع",
        text=AR_TEXT * 2,
        status=TranslationStatus.REVIEWED,
    )
    answer = Answer.objects.create(
        recommendation=rec,
        state=state,
        text=EN_TEXT * 3,
        language="en",
        published_at=timezone.now(),
    )
    for i in range(3):
        Commitment.objects.create(
            answer=answer, what=f"Commitment {i}", owner="Office", due_on=timezone.localdate()
        )
    return rec


def test_arabic_packet_renders_in_under_twice_the_english_time():
    author, group, round_, concerns = _world(20)
    state = answer_states()["accepted"]
    rec = _recommendation(group, round_, concerns, "Interpreters at every conference", state)
    english = _median(lambda: packet_pdf(rec, "en"))
    arabic = _median(lambda: packet_pdf(rec, "ar"))
    pages = packet_pdf(rec, "ar").pages
    print(
        f"\n20-priority packet: English {english * 1000:.0f} ms, Arabic {arabic * 1000:.0f} ms "
        f"({pages} pages), ratio {arabic / english:.2f}"
    )
    assert arabic < 2 * english


def test_group_report_time_grows_linearly_with_its_length():
    author, group, round_, concerns = _world(6)
    state = answer_states()["partly-accepted"]
    made = 0
    figures = []
    for size in (10, 20, 40):
        while made < size:
            _recommendation(group, round_, concerns[:3], f"Recommendation {made}", state)
            made += 1
        report_pdf(round_, "en")  # warm
        start = time.perf_counter()
        rendered = report_pdf(round_, "en")
        seconds = time.perf_counter() - start
        tracemalloc.start()  # a separate run: tracing slows rendering down
        report_pdf(round_, "en")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures.append((size, rendered.pages, seconds, peak))
        print(
            f"\nreport of {size} recommendations: {rendered.pages} pages in {seconds:.2f} s, "
            f"{rendered.pages / seconds:.1f} pages/s, peak Python memory {peak / 2**20:.1f} MiB"
        )
    per_page = [s / p for _n, p, s, _m in figures]
    assert figures[-1][1] > figures[0][1]  # longer report, more pages
    assert per_page[-1] < 2 * per_page[0], per_page
