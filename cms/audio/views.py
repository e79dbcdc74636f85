"""Recording, checking and hearing audio summaries. One page per item lists its summaries
by language with a form to record or upload one; the listening page is what notices link
to. The file itself is served through this app (same origin, so the page's
Content-Security-Policy allows it whatever storage holds it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.audio import AudioTarget, audio_target, audio_target_for
from cms.audio.forms import AudioSummaryForm
from cms.audio.selectors import audio_summaries_of, audio_summary_by_id
from cms.audio.services import audio_summary_attach, audio_summary_delete, audio_summary_review
from cms.forms import add_service_errors
from cms.models import AudioSummary
from cms.storage_response import storage_file_response


def _managed_item(request, kind: str, pk: int):
    target = audio_target(kind)
    item = target.lookup(request.user, pk) if target else None
    if item is None or not request.user.has_perm(target.record_perm, item):
        raise Http404
    return target, item


@login_required
def manage(request, kind: str, pk: int):
    target, item = _managed_item(request, kind, pk)
    form = AudioSummaryForm(request.POST or None, request.FILES or None)
    if not form.is_bound:
        form = AudioSummaryForm(initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            audio_summary_attach(
                actor=request.user,
                item=item,
                language=form.cleaned_data["language"],
                upload=form.cleaned_data["file"],
                reviewed=form.cleaned_data["reviewed"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The audio summary is saved."))
            return redirect("audio:manage", kind=kind, pk=pk)
    return render(
        request,
        "cms/audio/manage.html",
        {
            "form": form,
            "item": item,
            "kind": kind,
            "target": target,
            "item_title": target.title(item, get_language()),
            "item_url": target.url(item, request.user),
            "summaries": audio_summaries_of(item),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _summary_for_manager(request, pk: int) -> tuple[AudioSummary, AudioTarget]:
    summary = audio_summary_by_id(pk)
    item = summary.target if summary is not None else None
    target = audio_target_for(item) if item is not None else None
    if target is None or not request.user.has_perm(target.record_perm, item):
        raise Http404
    return summary, target


@login_required
@require_POST
def review(request, pk: int):
    summary, target = _summary_for_manager(request, pk)
    try:
        audio_summary_review(actor=request.user, summary=summary)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The audio summary is marked as checked."))
    return redirect("audio:manage", kind=target.key, pk=summary.object_id)


@login_required
@require_POST
def delete(request, pk: int):
    summary, target = _summary_for_manager(request, pk)
    try:
        audio_summary_delete(actor=request.user, summary=summary)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The audio summary is deleted."))
    return redirect("audio:manage", kind=target.key, pk=summary.object_id)


def _heard(request, pk: int):
    summary = audio_summary_by_id(pk, with_file=True)
    item = summary.target if summary is not None else None
    target = audio_target_for(item) if item is not None else None
    if target is None:
        raise Http404
    may_manage = request.user.is_authenticated and request.user.has_perm(target.record_perm, item)
    if not (
        may_manage or (summary.status != "requested" and target.may_listen(request.user, item))
    ):
        raise Http404
    return summary, item, target


def listen(request, pk: int):
    summary, item, target = _heard(request, pk)
    return render(
        request,
        "cms/audio/listen.html",
        {
            "summary": summary,
            "item_title": target.title(item, summary.language),
            "item_url": target.url(item, request.user),
        },
    )


def audio_file(request, pk: int):
    summary, _item, _target = _heard(request, pk)
    return storage_file_response(summary.file, summary.mime_type)


app_name = "audio"
urlpatterns = [
    path("summaries/<int:pk>/", listen, name="listen"),
    path("summaries/<int:pk>/file/", audio_file, name="file"),
    path("summaries/<int:pk>/check/", review, name="review"),
    path("summaries/<int:pk>/delete/", delete, name="delete"),
    path("<slug:kind>/<int:pk>/", manage, name="manage"),
]
