"""Recommendations, drafted together: list, new, the page (with comments and
summaries), editing with revisions and optimistic locking, history and restore,
submission to leaders."""

from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.recommendations import (
    CommitmentUpdateForm,
    PacketForm,
    RecommendationCommentForm,
    RecommendationForm,
    SubmitForm,
)
from advisory.models import (
    Recommendation,
    RecommendationRevision,
    RecommendationStatus,
)
from advisory.selectors import recommendations as selectors
from advisory.services import recommendations as services
from advisory.services.recommendations import StaleRevision, missing_summaries, priority_concerns
from advisory.views.common import group_or_404, recommendation_of
from cms.forms import add_service_errors
from cms.languages import language_name
from cms.selectors import active_leaders


def _priority_choices(group, round_=None) -> list:
    concerns = list(
        priority_concerns(group, round_).select_related("round").order_by("round", "title")
    )
    titles = selectors.reader_titles_for(concerns, get_language())
    for c in concerns:
        c.label = f"{titles.get(c.pk, c.title)} ({c.round.title})"
    return concerns


@login_required
def recommendation_list(request, slug: str):
    group = group_or_404(slug)
    if not rules.has_perm("advisory.view_group", request.user, group):
        raise Http404
    return render(
        request,
        "advisory/recommendations/list.html",
        {
            "group": group,
            "recommendations": selectors.recommendations_for_group(
                group, now=timezone.now(), language=get_language()
            ),
            "can_draft": rules.has_perm("advisory.draft_recommendation", request.user, group),
            "rounds": selectors.closed_rounds(group),
        },
    )


@login_required
def recommendation_new(request, slug: str):
    group = group_or_404(slug)
    if not rules.has_perm("advisory.draft_recommendation", request.user, group):
        raise Http404
    rounds = list(selectors.closed_rounds(group))
    form = RecommendationForm(
        request.POST or None,
        initial={"language": get_language()},
        rounds=rounds,
        priorities=_priority_choices(group),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recommendation = services.recommendation_create(
                actor=request.user,
                group=group,
                round_=next((r for r in rounds if r.pk == data.get("round")), None),
                title=data["title"],
                text=data["text"],
                reasons=data["reasons"],
                summary=data["summary"],
                language=data["language"],
                concern_ids=data.get("concerns") or [],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Invite the others to write with you."))
            return redirect("advisory:recommendation", slug=slug, pk=recommendation.pk)
    return render(
        request,
        "advisory/recommendations/form.html",
        {"group": group, "form": form, "editing": False},
    )


def _detail(request, recommendation: Recommendation, status: int = 200, **forms):
    user = request.user
    language = get_language()
    can_answer = rules.has_perm("advisory.answer_recommendation", user, recommendation)
    answer = selectors.answer_with_commitments(recommendation, published_only=not can_answer)
    published = answer if answer is not None and answer.published_at else None
    priorities = selectors.linked_priorities([recommendation], language)[recommendation.pk]
    selectors.mark([recommendation], timezone.now(), language)
    in_group = rules.has_perm("advisory.view_group", user, recommendation.group)
    is_draft = recommendation.status == RecommendationStatus.DRAFT
    missing = missing_summaries(recommendation)
    can_submit = is_draft and rules.has_perm("advisory.submit_recommendation", user, recommendation)
    context = {
        "group": recommendation.group,
        "recommendation": recommendation,
        "translated": selectors.reader_summary(recommendation, language),
        "priorities": priorities,
        "answer": answer,
        "published_answer": published,
        "answer_state": answer.state.label_in(language) if answer and answer.state else "",
        "timeline": selectors.timeline(recommendation, published, priorities),
        "comments": selectors.comments(recommendation) if in_group else [],
        "summaries": selectors.summary_statuses(recommendation),
        "missing": [language_name(code) for code in missing],
        "in_group": in_group,
        "can_edit": rules.has_perm("advisory.edit_recommendation", user, recommendation),
        "can_submit": can_submit,
        "can_answer": can_answer and recommendation.status != RecommendationStatus.DRAFT,
        "comment_form": forms.get("comment_form")
        or RecommendationCommentForm(initial={"language": language}),
        "submit_form": forms.get("submit_form")
        or (
            SubmitForm(
                leaders=active_leaders(),
                initial={
                    "due_on": timezone.localdate()
                    + timedelta(days=recommendation.group.answer_days)
                },
            )
            if can_submit
            else None
        ),
        "update_form": CommitmentUpdateForm(),
        "packet_form": PacketForm(initial={"language": language}),
    }
    return render(request, "advisory/recommendations/detail.html", context, status=status)


@login_required
def recommendation_detail(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.view_recommendation")
    return _detail(request, recommendation)


@login_required
def recommendation_edit(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.view_recommendation")
    if not rules.has_perm("advisory.edit_recommendation", request.user, recommendation):
        raise Http404
    group = recommendation.group
    priorities = _priority_choices(group, recommendation.round)
    initial = {
        "title": recommendation.title,
        "text": recommendation.text,
        "reasons": recommendation.reasons,
        "summary": recommendation.summary,
        "concerns": list(recommendation.concerns.values_list("pk", flat=True)),
        "base_revision": recommendation.revision,
    }
    form = RecommendationForm(
        request.POST or None, initial=initial, priorities=priorities, editing=True
    )
    theirs, diff = None, []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recommendation_edit(
                actor=request.user,
                recommendation=recommendation,
                base_revision=data.get("base_revision") or 0,
                title=data["title"],
                text=data["text"],
                reasons=data["reasons"],
                summary=data["summary"],
                concern_ids=data.get("concerns") or [],
            )
        except StaleRevision as exc:
            theirs = exc.current
            mine = RecommendationRevision(
                title=data["title"],
                text=data["text"],
                reasons=data["reasons"],
                summary=data["summary"],
            )
            diff = selectors.revision_diff(theirs, mine)
            # The typed text stays in the form; saving again (now knowingly) builds on theirs.
            form.data = form.data.copy()
            form.data["base_revision"] = str(theirs.number)
            form.add_error(None, exc.messages[0])
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes are saved as a new revision."))
            return redirect("advisory:recommendation", slug=slug, pk=pk)
    return render(
        request,
        "advisory/recommendations/form.html",
        {
            "group": group,
            "recommendation": recommendation,
            "form": form,
            "editing": True,
            "theirs": theirs,
            "diff": diff,
        },
        status=status,
    )


@login_required
def recommendation_history(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.view_recommendation")
    if not rules.has_perm("advisory.view_group", request.user, recommendation.group):
        raise Http404
    revisions = list(selectors.revisions(recommendation))
    by_number = {r.number: r for r in revisions}
    diff, old, new = [], None, None
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        a = b = 0
    if a and b:
        old, new = by_number.get(min(a, b)), by_number.get(max(a, b))
        if old is None or new is None:
            messages.error(request, _("There is no such revision."))
        else:
            diff = selectors.revision_diff(old, new)
    return render(
        request,
        "advisory/recommendations/history.html",
        {
            "group": recommendation.group,
            "recommendation": recommendation,
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
            "can_edit": rules.has_perm(
                "advisory.edit_recommendation", request.user, recommendation
            ),
        },
    )


@login_required
@require_POST
def recommendation_restore(request, slug: str, pk: int, number: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.view_recommendation")
    try:
        services.recommendation_restore(
            actor=request.user, recommendation=recommendation, number=number
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("advisory:recommendation_history", slug=slug, pk=pk)
    messages.success(
        request, _("Revision %(number)s is restored as a new revision.") % {"number": number}
    )
    return redirect("advisory:recommendation", slug=slug, pk=pk)


@login_required
@require_POST
def recommendation_comment(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.comment_recommendation")
    form = RecommendationCommentForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_comment_add(
                actor=request.user, recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(
                reverse("advisory:recommendation", args=[slug, pk]) + "#comments-heading"
            )
    return _detail(request, recommendation, status=400, comment_form=form)


@login_required
@require_POST
def recommendation_summaries(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.draft_recommendation")
    try:
        created = services.summaries_request(actor=request.user, recommendation=recommendation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("The summary is in the translators' queue."))
        else:
            messages.info(request, _("Every language already has a translation or a request."))
    return redirect("advisory:recommendation", slug=slug, pk=pk)


@login_required
@require_POST
def recommendation_submit(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.submit_recommendation")
    leaders = list(active_leaders())
    form = SubmitForm(request.POST, leaders=leaders)
    if form.is_valid():
        chosen = [u for u in leaders if u.pk in set(form.cleaned_data["leaders"])]
        try:
            services.recommendation_submit(
                actor=request.user,
                recommendation=recommendation,
                leaders=chosen,
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The recommendation is submitted. The leaders are told."))
            return redirect("advisory:recommendation", slug=slug, pk=pk)
    return _detail(request, recommendation, status=400, submit_form=form)


urlpatterns = [
    path("<slug:slug>/recommendations/", recommendation_list, name="recommendations"),
    path("<slug:slug>/recommendations/new/", recommendation_new, name="recommendation_new"),
    path("<slug:slug>/recommendations/<int:pk>/", recommendation_detail, name="recommendation"),
    path(
        "<slug:slug>/recommendations/<int:pk>/edit/",
        recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "<slug:slug>/recommendations/<int:pk>/history/",
        recommendation_history,
        name="recommendation_history",
    ),
    path(
        "<slug:slug>/recommendations/<int:pk>/restore/<int:number>/",
        recommendation_restore,
        name="recommendation_restore",
    ),
    path(
        "<slug:slug>/recommendations/<int:pk>/comment/",
        recommendation_comment,
        name="recommendation_comment",
    ),
    path(
        "<slug:slug>/recommendations/<int:pk>/summaries/",
        recommendation_summaries,
        name="recommendation_summaries",
    ),
    path(
        "<slug:slug>/recommendations/<int:pk>/submit/",
        recommendation_submit,
        name="recommendation_submit",
    ),
]
