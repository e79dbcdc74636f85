"""The leader's side: the queue of recommendations to answer, the answer (drafted
privately, then published with commitments) and progress on commitments."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.caching import RECOMMENDATIONS
from advisory.forms.recommendations import (
    AnswerForm,
    CommitmentFormSet,
    CommitmentUpdateForm,
)
from advisory.models import (
    RecommendationStatus,
)
from advisory.selectors import recommendations as selectors
from advisory.services import answers as answer_services
from advisory.views.common import recommendation_of
from cms import fragments
from cms.forms import add_service_errors


@login_required
def leader_queue(request):
    if not rules.has_perm("advisory.view_leader_queue", request.user):
        raise Http404
    number = fragments.page_number(request)
    language = get_language()

    def render_queue():
        page = selectors.leader_queue_page(
            request.user, now=timezone.now(), language=language, number=number
        )
        context = {"recommendations": page.object_list, "page_obj": page}
        return render_to_string("advisory/recommendations/_queue.html", context), None

    # Cached per leader, language, page and day (the overdue flags) until a recommendation,
    # answer, state, translation or group changes (advisory/caching.py).
    queue = fragments.region(
        request,
        RECOMMENDATIONS,
        (request.user.pk, language, number, timezone.localdate()),
        render_queue,
    )
    return render(request, "advisory/recommendations/queue.html", {"queue": queue})


@login_required
def answer_edit(request, slug: str, pk: int):
    recommendation = recommendation_of(request, slug, pk, "advisory.answer_recommendation")
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
    recommendation = recommendation_of(request, slug, pk, "advisory.answer_recommendation")
    commitment = get_object_or_404(
        selectors.commitments_with_answer(), pk=commitment_pk, answer__recommendation=recommendation
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


urlpatterns = [
    path("answers/", leader_queue, name="leader_queue"),
    path("<slug:slug>/recommendations/<int:pk>/answer/", answer_edit, name="answer"),
    path(
        "<slug:slug>/recommendations/<int:pk>/commitments/<int:commitment_pk>/progress/",
        commitment_update,
        name="commitment_update",
    ),
]
