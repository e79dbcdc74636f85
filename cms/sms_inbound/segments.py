"""How many SMS segments a text takes.

GSM-7 (GSM 03.38) packs 160 characters into one message, 153 per segment once a message is
split; characters of the extension table (``^{}\\[~]|€``) take two. Anything outside the
GSM alphabet (Arabic, Chinese, Korean, Vietnamese, and Spanish á, í, ó, ú) switches the
whole message to UCS-2: 70 UTF-16 code units in one message, 67 per segment when split.

Whether a character is in the alphabet, and how many septets it takes, comes from the
``gsm0338`` codec (a maintained Python codec of the GSM 03.38 tables, default and
extension), so the tables are not copied here.
"""

import math
from dataclasses import dataclass

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec

GSM7 = "GSM-7"
UCS2 = "UCS-2"


@dataclass(frozen=True)
class SegmentCount:
    encoding: str
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int

    @property
    def per_segment(self) -> int:
        if self.encoding == GSM7:
            return 160 if self.segments <= 1 else 153
        return 70 if self.segments <= 1 else 67


def count_segments(text: str) -> SegmentCount:
    try:
        septets = len(text.encode("gsm03.38"))
    except (UnicodeEncodeError, ValueError):
        units = len(text.encode("utf-16-le")) // 2
        segments = 1 if units <= 70 else math.ceil(units / 67)
        return SegmentCount(UCS2, units, segments)
    segments = 1 if septets <= 160 else math.ceil(septets / 153)
    return SegmentCount(GSM7, septets, segments)


def fits(text: str, segments: int = 2) -> bool:
    return count_segments(text).segments <= segments


def split_to_segments(lines: list[str], segments: int = 2) -> list[str]:
    """Group lines into as few messages as possible, each within ``segments`` segments
    (a line too long on its own is cut at a word)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        line = shorten(line, segments)
        candidate = f"{current}\n{line}" if current else line
        if fits(candidate, segments):
            current = candidate
        else:
            if current:
                messages.append(current)
            current = line
    if current:
        messages.append(current)
    return messages


def shorten(text: str, segments: int = 2) -> str:
    """Cut a text at a word so it fits in ``segments`` segments, marking the cut with …."""
    if fits(text, segments):
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,.;:") + "…"
        if fits(candidate, segments):
            return candidate
    cut = text
    while cut and not fits(cut + "…", segments):
        cut = cut[:-1]
    return cut + "…"
