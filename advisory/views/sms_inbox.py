"""The facilitators' inbox of text messages that need a person (/groups/<slug>/texts/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.sms_inbox import SmsAnswerForm, SmsConcernForm
from advisory.selectors.sms_inbox import collecting_rounds, sms_inbox, sms_inbox_message
from advisory.services import sms_inbox as services
from advisory.views.common import group_for
from cms.forms import add_service_errors


def _page(request, group, *, forms_for: dict | None = None, status: int = 200):
    rounds = collecting_rounds(group)
    round_choices = SmsConcernForm.choices_for(rounds)  # read once, not once per text
    items = []
    for message in sms_inbox(group):
        answer, concern = (forms_for or {}).get(message.pk, (None, None))
        items.append(
            {
                "message": message,
                "answer_form": answer or SmsAnswerForm(prefix=f"a{message.pk}"),
                "concern_form": concern
                or SmsConcernForm(
                    prefix=f"c{message.pk}",
                    rounds=rounds,
                    round_choices=round_choices,
                    initial={"text": message.body, "title": message.body[:60]},
                ),
            }
        )
    return render(
        request,
        "advisory/sms_inbox.html",
        {"group": group, "items": items, "can_make_concerns": bool(round_choices)},
        status=status,
    )


@login_required
def inbox(request, slug: str):
    group = group_for(request, slug, "advisory.moderate")
    return _page(request, group)


@login_required
@require_POST
def act(request, slug: str, pk: int, action: str):
    group = group_for(request, slug, "advisory.moderate")
    message = sms_inbox_message(group, pk)
    if message is None:
        raise Http404
    try:
        if action == "answer":
            form = SmsAnswerForm(request.POST, prefix=f"a{pk}")
            if not form.is_valid():
                return _page(request, group, forms_for={pk: (form, None)}, status=400)
            try:
                services.sms_message_answer(
                    actor=request.user, group=group, message=message, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _page(request, group, forms_for={pk: (form, None)}, status=400)
            messages.success(request, _("Your answer is on its way."))
        elif action == "concern":
            form = SmsConcernForm(request.POST, prefix=f"c{pk}", rounds=collecting_rounds(group))
            if not form.is_valid():
                return _page(request, group, forms_for={pk: (None, form)}, status=400)
            try:
                services.sms_message_to_concern(
                    actor=request.user,
                    group=group,
                    message=message,
                    round_=form.cleaned_data["round"],
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _page(request, group, forms_for={pk: (None, form)}, status=400)
            messages.success(
                request, _("The concern is added on the family's behalf, and they are told.")
            )
        elif action == "resolve":
            services.sms_message_resolve(actor=request.user, group=group, message=message)
            messages.success(request, _("Marked as dealt with."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("advisory:sms_inbox", slug=group.slug)


urlpatterns = [
    path("<slug:slug>/texts/", inbox, name="sms_inbox"),
    path(
        "<slug:slug>/texts/<int:pk>/<str:action>/",
        act,
        name="sms_inbox_act",
    ),
]
