"""Recommendations: list, drafting with revisions, comments, summaries, submission, the
leaders' answers and queue, PDF packets and group reports."""

from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.recommendations import (
    AnswerForm,
    CommitmentFormSet,
    CommitmentUpdateForm,
    PacketForm,
    RecommendationCommentForm,
    RecommendationForm,
    SubmitForm,
)
from advisory.models import (
    AdvisoryGroup,
    Commitment,
    PdfExport,
    PdfExportStatus,
    Recommendation,
    RecommendationRevision,
    RecommendationStatus,
    Round,
)
from advisory.selectors import recommendations as selectors
from advisory.services import answers as answer_services
from advisory.services import recommendations as services
from advisory.services.recommendations import StaleRevision, missing_summaries, priority_concerns
from advisory.services.reports import report_request
from cms.forms import add_service_errors
from cms.languages import language_name


def _group(slug: str) -> AdvisoryGroup:
    return get_object_or_404(AdvisoryGroup, slug=slug)


def _recommendation(request, slug: str, pk: int, perm: str) -> Recommendation:
    """The recommendation, or 404 for anyone without the permission (other groups' people
    and leaders it was not sent to cannot learn that it exists). Views ask the rules
    registry, as the services do, not ``user.has_perm`` (which lets a superuser pass
    everything and would show forms the service then refuses)."""
    try:
        recommendation = selectors.recommendation_detail(pk, _group(slug))
    except Recommendation.DoesNotExist:
        raise Http404 from None
    if not rules.has_perm(perm, request.user, recommendation):
        raise Http404
    return recommendation


def _priority_choices(group, round=None) -> list:
    concerns = list(
        priority_concerns(group, round).select_related("round").order_by("round", "title")
    )
    titles = selectors.reader_titles_for(concerns, get_language())
    for c in concerns:
        c.label = f"{titles.get(c.pk, c.title)} ({c.round.title})"
    return concerns


def _closed_rounds(group):
    return Round.objects.filter(group=group, priorities__isnull=False).distinct()


def _leaders():
    from cms.models import User
    from cms.roles import ROLE_GROUPS, Role

    return User.objects.filter(groups__name=ROLE_GROUPS[Role.LEADER], is_active=True).order_by(
        "display_name", "pk"
    )


@login_required
def recommendation_list(request, slug: str):
    group = _group(slug)
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
            "rounds": _closed_rounds(group),
        },
    )


@login_required
def recommendation_new(request, slug: str):
    group = _group(slug)
    if not rules.has_perm("advisory.draft_recommendation", request.user, group):
        raise Http404
    rounds = list(_closed_rounds(group))
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
                round=next((r for r in rounds if r.pk == data.get("round")), None),
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
                leaders=_leaders(),
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
    recommendation = _recommendation(request, slug, pk, "advisory.view_recommendation")
    return _detail(request, recommendation)


@login_required
def recommendation_edit(request, slug: str, pk: int):
    recommendation = _recommendation(request, slug, pk, "advisory.view_recommendation")
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
    recommendation = _recommendation(request, slug, pk, "advisory.view_recommendation")
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
    recommendation = _recommendation(request, slug, pk, "advisory.view_recommendation")
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
    recommendation = _recommendation(request, slug, pk, "advisory.comment_recommendation")
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
    recommendation = _recommendation(request, slug, pk, "advisory.draft_recommendation")
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
    recommendation = _recommendation(request, slug, pk, "advisory.submit_recommendation")
    leaders = list(_leaders())
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


@login_required
def answer_edit(request, slug: str, pk: int):
    recommendation = _recommendation(request, slug, pk, "advisory.answer_recommendation")
    if recommendation.status == RecommendationStatus.DRAFT:
        raise Http404
    answer = selectors.answer_with_commitments(recommendation, published_only=False)
    if answer is not None and answer.published_at:
        messages.info(request, _("The answer is published. You can report progress below."))
        return redirect("advisory:recommendation", slug=slug, pk=pk)
    initial = {"language": get_language()}
    commitments = []
    if answer is not None:
        initial = {"state": answer.state, "text": answer.text, "language": answer.language}
        commitments = [
            {"what": c.what, "owner": c.owner, "due_on": c.due_on} for c in answer.commitments.all()
        ]
    form = AnswerForm(request.POST or None, initial=initial)
    formset = CommitmentFormSet(request.POST or None, initial=commitments, prefix="commitments")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            answer_services.answer_save(
                actor=request.user,
                recommendation=recommendation,
                state=form.cleaned_data["state"],
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
                commitments=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                publish=publish,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if publish:
                messages.success(request, _("Your answer is published. The group is told."))
                return redirect("advisory:recommendation", slug=slug, pk=pk)
            messages.success(request, _("Your draft answer is saved. Only you and staff see it."))
            return redirect("advisory:answer", slug=slug, pk=pk)
    return render(
        request,
        "advisory/recommendations/answer.html",
        {
            "group": recommendation.group,
            "recommendation": recommendation,
            "form": form,
            "formset": formset,
            "answer": answer,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def commitment_update(request, slug: str, pk: int, commitment_pk: int):
    recommendation = _recommendation(request, slug, pk, "advisory.answer_recommendation")
    commitment = get_object_or_404(
        Commitment.objects.select_related("answer__recommendation"),
        pk=commitment_pk,
        answer__recommendation=recommendation,
    )
    form = CommitmentUpdateForm(request.POST)
    if form.is_valid():
        try:
            answer_services.commitment_update_add(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The progress update is published."))
    else:
        messages.error(request, _("Please give a status and a percentage between 0 and 100."))
    return redirect("advisory:recommendation", slug=slug, pk=pk)


@login_required
def leader_queue(request):
    if not rules.has_perm("advisory.view_leader_queue", request.user):
        raise Http404
    page = selectors.leader_queue_page(
        request.user, now=timezone.now(), language=get_language(), number=request.GET.get("page")
    )
    return render(
        request,
        "advisory/recommendations/queue.html",
        {"recommendations": page.object_list, "page_obj": page},
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def packet(request, slug: str, pk: int):
    """The recommendation's PDF packet in a chosen language (one recommendation renders in
    well under a second, so it is made in the request)."""
    from advisory.pdf import packet_pdf

    recommendation = _recommendation(request, slug, pk, "advisory.view_recommendation")
    form = PacketForm(request.GET or None, initial={"language": get_language()})
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    rendered = packet_pdf(recommendation, language)
    name = slugify(recommendation.title)[:40] or "recommendation"
    return _pdf_response(rendered.content, f"{name}-{language}.pdf")


@login_required
@require_POST
def report_create(request, slug: str, round_pk: int):
    group = _group(slug)
    round = get_object_or_404(Round.objects.select_related("group"), pk=round_pk, group=group)
    form = PacketForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else get_language()
    try:
        export = report_request(actor=request.user, round=round, language=language)
    except PermissionDenied:
        raise Http404 from None
    return redirect("advisory:report", slug=slug, export_pk=export.pk)


@login_required
def report_status(request, slug: str, export_pk: int):
    group = _group(slug)
    export = get_object_or_404(PdfExport.objects.select_related("round"), pk=export_pk, group=group)
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
    path("answers/", leader_queue, name="leader_queue"),
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
    path("<slug:slug>/recommendations/<int:pk>/answer/", answer_edit, name="answer"),
    path(
        "<slug:slug>/recommendations/<int:pk>/commitments/<int:commitment_pk>/progress/",
        commitment_update,
        name="commitment_update",
    ),
    path("<slug:slug>/recommendations/<int:pk>/packet.pdf", packet, name="packet"),
    path("<slug:slug>/rounds/<int:round_pk>/report/", report_create, name="report_create"),
    path("<slug:slug>/reports/<int:export_pk>/", report_status, name="report"),
]
