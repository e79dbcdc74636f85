"""PDFs: a recommendation's packet (made in the request) and a round's group report
(made by the task worker; this page shows its progress and serves it)."""

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from advisory.forms.recommendations import (
    PacketForm,
)
from advisory.models import (
    PdfExportStatus,
)
from advisory.pdf import packet_pdf
from advisory.selectors import recommendations as selectors
from advisory.selectors.cycle import rounds_with_group
from advisory.services.reports import report_request
from advisory.views.common import group_or_404, recommendation_of


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def packet(request, slug: str, pk: int):
    """The recommendation's PDF packet in a chosen language (one recommendation renders in
    well under a second, so it is made in the request)."""
    recommendation = recommendation_of(request, slug, pk, "advisory.view_recommendation")
    form = PacketForm(request.GET or None, initial={"language": get_language()})
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    rendered = packet_pdf(recommendation, language)
    name = slugify(recommendation.title)[:40] or "recommendation"
    return _pdf_response(rendered.content, f"{name}-{language}.pdf")


@login_required
@require_POST
def report_create(request, slug: str, round_pk: int):
    group = group_or_404(slug)
    round_ = get_object_or_404(rounds_with_group(), pk=round_pk, group=group)
    form = PacketForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    try:
        export = report_request(actor=request.user, round_=round_, language=language)
    except PermissionDenied:
        raise Http404 from None
    return redirect("advisory:report", slug=slug, export_pk=export.pk)


@login_required
def report_status(request, slug: str, export_pk: int):
    group = group_or_404(slug)
    export = get_object_or_404(selectors.exports_with_round(), pk=export_pk, group=group)
    if not rules.has_perm("advisory.group_report", request.user, export.round):
        raise Http404
    if export.status == PdfExportStatus.READY and request.GET.get("download"):
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"{slugify(group.slug)}-{export.round_id}-{export.language}.pdf",
            content_type="application/pdf",
        )
    return render(
        request,
        "advisory/recommendations/report.html",
        {"group": group, "export": export, "refresh": export.status == PdfExportStatus.PENDING},
    )


urlpatterns = [
    path("<slug:slug>/recommendations/<int:pk>/packet.pdf", packet, name="packet"),
    path("<slug:slug>/rounds/<int:round_pk>/report/", report_create, name="report_create"),
    path("<slug:slug>/reports/<int:export_pk>/", report_status, name="report"),
]
