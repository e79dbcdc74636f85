"""PDF packets of recommendations and group reports (WeasyPrint).

Text is shaped by Pango/HarfBuzz with the system's Noto fonts found through fontconfig
(Debian's fonts-noto-core and fonts-noto-cjk, installed by ``make fonts``): Arabic is set
right to left with joined letters, Chinese, Korean and Vietnamese get real glyphs. The CSS
picks a font stack per language with ``:lang()``; the document's ``<html>`` carries the
packet's ``lang`` and ``dir``, and every piece of user text its own.

Rendering never reaches the network or the file system outside the project's static
files: ``StaticOnlyFetcher`` refuses any other address (an ``<img src="http://...">`` or
``file:///etc/passwd`` that slipped into the HTML is neither fetched nor embedded), and user
text is escaped by the templates, so markup a member typed shows as text.
"""

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cms.languages import is_rtl, language_name

logger = logging.getLogger(__name__)
# WeasyPrint logs every rendering step at INFO; keep the server's log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class RefusedURL(ValueError):
    pass


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Serves files from the project's static directories and refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=["file"], **kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()) or not path.is_file():
            return self._refuse(url)
        return URLFetcherResponse(url, path.read_bytes())

    def _refuse(self, url: str):
        self.refused.append(url)
        logger.info("PDF rendering refused to fetch %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


_FONT_CONFIG: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


@dataclass
class RenderedPdf:
    content: bytes
    pages: int
    refused: list[str]


def html_to_pdf(html: str) -> RenderedPdf:
    fetcher = StaticOnlyFetcher()
    base = static_roots()[0].as_uri() + "/" if static_roots() else None
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        font_config=font_config()
    )
    return RenderedPdf(
        content=document.write_pdf(), pages=len(document.pages), refused=fetcher.refused
    )


def _document_context(language: str) -> dict:
    return {
        "language": language,
        "direction": "rtl" if is_rtl(language) else "ltr",
        "language_label": language_name(language),
        "generated_at": timezone.now(),
        "site_name": settings.SITE_NAME,
    }


def packet_html(recommendation, language: str, *, now=None) -> str:
    from advisory.selectors.recommendations import (
        answer_with_commitments,
        linked_priorities,
        mark,
        reader_summary,
        timeline,
    )

    with translation.override(language):
        (marked,) = mark([recommendation], now or timezone.now(), language)
        priorities = linked_priorities([recommendation], language)[recommendation.pk]
        answer = answer_with_commitments(recommendation, published_only=True)
        context = {
            **_document_context(language),
            "recommendation": marked,
            "translated": reader_summary(recommendation, language),
            "priorities": priorities,
            "answer": answer,
            "answer_state": answer.state.label_in(language) if answer and answer.state else "",
            "timeline": timeline(recommendation, answer, priorities),
        }
        return render_to_string("advisory/pdf/packet.html", context)


def packet_pdf(recommendation, language: str, *, now=None) -> RenderedPdf:
    return html_to_pdf(packet_html(recommendation, language, now=now))


def report_html(round_, language: str, *, now=None) -> str:
    from advisory.selectors.recommendations import round_report

    with translation.override(language):
        rows = round_report(round_, now=now, language=language)
        context = {
            **_document_context(language),
            "group": round_.group,
            "round": round_,
            "recommendations": rows,
        }
        return render_to_string("advisory/pdf/report.html", context)


def report_pdf(round_, language: str, *, now=None) -> RenderedPdf:
    return html_to_pdf(report_html(round_, language, now=now))
