"""Reading texts and counting segments: keywords in every language, numbers in any
script, GSM-7 / UCS-2 segments, and every prompt within two segments in every language."""

import pytest
from django.utils import translation

from cms.sms_inbound.keywords import fold, match_keyword, parse_numbers
from cms.sms_inbound.registry import PROMPTS
from cms.sms_inbound.segments import (
    GSM7,
    UCS2,
    SegmentCount,
    count_segments,
    split_to_segments,
)


def test_keywords_ignore_case_accents_and_punctuation():
    assert match_keyword("  Ayúda! ") == ("help", "es")
    assert match_keyword("PARAR") == ("stop", "es")
    assert match_keyword("dừng") == ("stop", "vi")
    assert match_keyword("مساعدة") == ("help", "ar")
    assert match_keyword("I want to stop the bus") is None
    assert fold("Élève") == "ELEVE"


def test_numbers_are_read_in_any_script():
    assert parse_numbers("2 5 5") == [2, 5, 5]
    assert parse_numbers("٢ ٥ ٥") == [2, 5, 5]  # Arabic-Indic
    assert parse_numbers("۲,۵") == [2, 5]  # Persian
    assert parse_numbers("２ ５") == [2, 5]  # full width
    assert parse_numbers("2 and 5") is None


def test_segments_are_counted_as_gsm7_or_ucs2():
    assert count_segments("a" * 160) == SegmentCount(GSM7, 160, 1)
    assert count_segments("a" * 161) == SegmentCount(GSM7, 161, 2)  # 153 + 8
    assert count_segments("a" * 306).segments == 2  # 2 x 153
    assert count_segments("a" * 307).segments == 3
    assert count_segments("م" * 70) == SegmentCount(UCS2, 70, 1)
    assert count_segments("م" * 134) == SegmentCount(UCS2, 134, 2)  # 2 x 67
    assert count_segments("€" * 80).units == 160  # extension table: two septets each
    assert count_segments("€" * 81).segments == 2
    assert count_segments("ó").encoding == UCS2  # Spanish ó is outside GSM-7
    assert count_segments("م" * 70).segments == 1
    assert count_segments("م" * 71).segments == 2
    assert count_segments("م" * 135).segments == 3


def test_long_lists_are_split_into_messages_of_two_segments():
    lines = [f"{n}) " + "مدرسة " * 8 for n in range(1, 10)]
    messages = split_to_segments(lines)
    assert len(messages) > 1
    assert all(count_segments(m).segments <= 2 for m in messages)


@pytest.mark.parametrize(
    "language", ["en", "es", "ar", "zh-hans", "vi", "ht", "so", "pt", "fr", "ko"]
)
def test_every_prompt_fits_in_two_segments_in_every_language(language):
    assert len(PROMPTS) >= 20  # the core's, the meetings' and the advisory app's
    too_long = {}
    with translation.override(language):
        for key, render in PROMPTS.items():
            body = render()
            count = count_segments(body)
            if count.segments > 2:
                too_long[key] = (count.encoding, count.units, body)
    assert too_long == {}
