"""Group report PDFs: the request queues one, a background task renders it."""

import logging
from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from advisory.models import PdfExport, PdfExportStatus, Round
from cms.models import User
from cms.queue import enqueue_or_log

logger = logging.getLogger(__name__)


def report_request(*, actor: User, round_: Round, language: str) -> PdfExport:
    """Queue the report of a round in a language; the task runs after commit."""
    if not rules.has_perm("advisory.group_report", actor, round_):
        raise PermissionDenied
    with transaction.atomic():
        export = PdfExport.objects.create(
            group=round_.group, round=round_, language=language, requested_by=actor
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    if not enqueue_or_log("advisory.tasks.render_group_report", export_id):
        PdfExport.objects.filter(pk=export_id).update(status=PdfExportStatus.FAILED)


def report_render(*, export_id: int, now: datetime | None = None) -> str:
    from advisory.pdf import report_pdf

    export = PdfExport.objects.select_related("round__group").get(pk=export_id)
    if export.status != PdfExportStatus.PENDING:
        return "skipped"
    try:
        rendered = report_pdf(export.round, export.language, now=now)
    except Exception:
        logger.exception("report %s failed", export_id)
        PdfExport.objects.filter(pk=export_id).update(
            status=PdfExportStatus.FAILED, finished_at=timezone.now()
        )
        return "failed"
    export.file.save(
        f"report-{export.round_id}-{export.language}-{export.pk}.pdf",
        ContentFile(rendered.content),
        save=False,
    )
    export.pages = rendered.pages
    export.status = PdfExportStatus.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "pages", "status", "finished_at"])
    return "ready"
