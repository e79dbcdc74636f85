"""One concern: its page (original and translation, comments, supporters), supporting
it, commenting, and the facilitators' moderation (hide, tag, merge)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.cycle import (
    CommentForm,
    HideForm,
    MergeForm,
    TagForm,
)
from advisory.models import Concern, ConcernStatus, Phase
from advisory.selectors.cycle import (
    concern_comments,
    merge_targets,
    reader_translation,
    support_state,
)
from advisory.services import cycle as services
from advisory.views.common import concern_of
from cms.forms import add_service_errors


def _concern_page(request, concern: Concern, **forms):
    language = get_language()
    if not request.user.has_perm("advisory.view_concern", concern):
        raise Http404
    moderator = request.user.has_perm("advisory.moderate", concern)
    translation = reader_translation(concern, language)
    supporters, supported = support_state(concern, request.user)
    concern.reader_translations = [translation] if translation else []
    targets = merge_targets(concern)
    return render(
        request,
        "advisory/cycle/concern.html",
        {
            "group": concern.round.group,
            "round": concern.round,
            "concern": concern,
            "translation": translation,
            "comments": concern_comments(concern, language),
            "supporters": supporters,
            "supported": supported,
            "can_see_author": request.user.has_perm("advisory.see_author", concern),
            "moderator": moderator,
            "comment_form": forms.get("comment_form")
            or CommentForm(initial={"language": language}),
            "hide_form": forms.get("hide_form") or HideForm(),
            "tag_form": forms.get("tag_form")
            or TagForm(initial={"names": ", ".join(t.name for t in concern.topics.all())}),
            "merge_form": forms.get("merge_form") or MergeForm(targets=targets),
            "open": concern.status == ConcernStatus.VISIBLE and concern.round.phase != Phase.CLOSED,
        },
    )


@login_required
def concern_detail(request, slug: str, pk: int):
    concern = concern_of(request, slug, pk)
    if concern.status == ConcernStatus.MERGED and concern.merged_into_id:
        messages.info(request, _("This concern was merged into another one with the same subject."))
        return redirect("advisory:concern", slug=slug, pk=concern.merged_into_id)
    return _concern_page(request, concern)


@login_required
@require_POST
def concern_support(request, slug: str, pk: int):
    concern = concern_of(request, slug, pk, "advisory.support_concern")
    try:
        services.concern_support(
            actor=request.user, concern=concern, support=request.POST.get("support") != "0"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.POST.get("from") == "round":
        return redirect("advisory:round", slug=slug, pk=concern.round_id)
    return redirect("advisory:concern", slug=slug, pk=pk)


@login_required
@require_POST
def comment_add(request, slug: str, pk: int):
    concern = concern_of(request, slug, pk, "advisory.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("advisory:concern", slug=slug, pk=pk)
    return _concern_page(request, concern, comment_form=form)


@login_required
@require_POST
def concern_moderate(request, slug: str, pk: int, action: str):
    if action not in {"hide", "tag", "merge"}:
        raise Http404
    concern = concern_of(request, slug, pk, "advisory.moderate")
    targets = merge_targets(concern)
    form_class = {"hide": HideForm, "tag": TagForm, "merge": MergeForm}[action]
    form = (
        form_class(request.POST, targets=targets) if action == "merge" else form_class(request.POST)
    )
    if form.is_valid():
        try:
            if action == "hide":
                services.concern_hide(
                    actor=request.user, concern=concern, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The concern is hidden. Its author sees your reason."))
            elif action == "tag":
                services.concern_tag(
                    actor=request.user,
                    concern=concern,
                    names=form.cleaned_data["names"].split(","),
                )
                messages.success(request, _("Topics saved."))
            else:
                target = targets.get(pk=form.cleaned_data["target"])
                services.concern_merge(actor=request.user, source=concern, target=target)
                messages.success(request, _("Merged. Supports, comments and votes moved with it."))
                return redirect("advisory:concern", slug=slug, pk=target.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("advisory:concern", slug=slug, pk=pk)
    return _concern_page(request, concern, **{f"{action}_form": form})


urlpatterns = [
    path("<slug:slug>/concerns/<int:pk>/", concern_detail, name="concern"),
    path("<slug:slug>/concerns/<int:pk>/support/", concern_support, name="concern_support"),
    path("<slug:slug>/concerns/<int:pk>/comment/", comment_add, name="comment_add"),
    path("<slug:slug>/concerns/<int:pk>/<str:action>/", concern_moderate, name="concern_moderate"),
]
