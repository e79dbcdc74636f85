"""The clerk's speakers list as CSV and PDF.

CSV: a cell a spreadsheet would read as a formula (starting with = + - @, or a tab or
carriage return that some programs strip first) is prefixed with an apostrophe, so a name
like ``=HYPERLINK(...)`` stays text.

PDF: WeasyPrint with the restricted URL fetcher and font setup of advisory.pdf (every
script shaped by the system's Noto fonts); names and comments are escaped by the template
and carry their own language and direction.
"""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from advisory.pdf import RenderedPdf, html_to_pdf
from cms.languages import is_rtl, language_name
from meetings.public_comment.selectors import SpeakersList

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def speakers_csv(listing: SpeakersList) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Number"),
            _("Starts at minute"),
            pgettext("speaking time", "Minutes"),
            _("Name to be called"),
            _("Agenda item or topic"),
            _("How"),
            _("Language"),
            _("Interpreter"),
            _("Status"),
            _("Signed up by"),
            _("Comment"),
        ]
    )
    for item in listing.speakers:
        s = item.signup
        writer.writerow(
            [
                neutralise(item.number),
                neutralise(item.start_minute),
                neutralise(item.minutes),
                neutralise(s.called_name),
                neutralise(s.agenda_item),
                neutralise(s.get_attendance_display()),
                neutralise(language_name(s.language)),
                neutralise(_("Yes") if s.needs_interpreter else ""),
                neutralise(s.get_status_display()),
                neutralise(s.added_by.display_name if s.added_by else ""),
                neutralise(s.comment_text),
            ]
        )
    for s in listing.waitlist:
        writer.writerow(
            [
                "",
                "",
                "",
                neutralise(s.called_name),
                neutralise(s.agenda_item),
                neutralise(s.get_attendance_display()),
                neutralise(language_name(s.language)),
                neutralise(_("Yes") if s.needs_interpreter else ""),
                neutralise(s.get_status_display()),
                neutralise(s.added_by.display_name if s.added_by else ""),
                neutralise(s.comment_text),
            ]
        )
    return out.getvalue()


def speakers_pdf(meeting, listing: SpeakersList, language: str) -> RenderedPdf:
    with translation.override(language):
        html = render_to_string(
            "meetings/pdf/speakers.html",
            {
                "meeting": meeting,
                "listing": listing,
                "language": language,
                "direction": "rtl" if is_rtl(language) else "ltr",
                "generated_at": timezone.now(),
            },
        )
    return html_to_pdf(html)
