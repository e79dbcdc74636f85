from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from cms.forms import (
    NoticePreferencesForm,
    PartnerFilterForm,
    PhoneSignupForm,
    PreferencesForm,
    SmsAnswerForm,
    add_service_errors,
)
from cms.languages import set_language_cookie
from cms.notifications import mutes_set, notifications_mark_read
from cms.registry import sections_for
from cms.selectors import (
    inbox_for,
    muted_kinds,
    partner_directory,
    partner_languages,
    unknown_text,
    unknown_texts,
)
from cms.services import user_update_preferences
from cms.sms_inbound.inbox import unknown_text_answer, unknown_text_resolve


def _notice_form(user, data=None) -> NoticePreferencesForm:
    from cms.notifications import mutable_kinds

    muted = muted_kinds(user)
    initial = {"receive": [k.key for k in mutable_kinds() if k.key not in muted]}
    return NoticePreferencesForm(data, initial=initial)


def _preferences_form(user, data=None) -> PreferencesForm:
    return PreferencesForm(
        data,
        initial={
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "contact_channel": user.contact_channel,
        },
    )


def _render_profile(request, form: PreferencesForm, notice_form=None):
    user = request.user
    return render(
        request,
        "cms/profile.html",
        {
            "form": form,
            "notice_form": notice_form or _notice_form(user),
            "feature_sections": sections_for("profile", user=user),
        },
    )


def _save_preferences(request, form: PreferencesForm):
    """Save the preferences; on success redirect to the profile in the chosen language.
    Returns None when the form has errors (shown next to the fields, input kept)."""
    user = request.user
    if not form.is_valid():
        return None
    try:
        user_update_preferences(actor=user, user=user, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    language = user.preferred_language
    with translation.override(language):
        messages.success(request, _("Your preferences are saved."))
        response = redirect(reverse("cms:profile"))
    set_language_cookie(response, language)
    return response


@login_required
def welcome(request):
    """First login: pick a language and a way to be contacted."""
    form = _preferences_form(request.user, request.POST or None)
    if request.method == "POST" and (response := _save_preferences(request, form)):
        return response
    return render(request, "cms/welcome.html", {"form": form})


@login_required
def profile(request):
    form = _preferences_form(request.user, request.POST or None)
    if request.method == "POST" and (response := _save_preferences(request, form)):
        return response
    return _render_profile(request, form)


@login_required
@require_POST
def notice_preferences(request):
    from cms.notifications import mutable_kinds

    form = _notice_form(request.user, request.POST)
    if form.is_valid():
        receive = set(form.cleaned_data["receive"])
        mutes_set(
            actor=request.user,
            user=request.user,
            muted={k.key for k in mutable_kinds()} - receive,
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("cms:profile")
    return _render_profile(request, _preferences_form(request.user), notice_form=form)


@login_required
def inbox(request):
    paginator = Paginator(inbox_for(request.user), 25)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "cms/inbox.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def inbox_mark_read(request):
    """Mark one notification (``id``) or all of them read."""
    if request.POST.get("all"):
        notifications_mark_read(actor=request.user)
    else:
        try:
            ids = [int(request.POST.get("id", ""))]
        except ValueError:
            ids = []
        notifications_mark_read(actor=request.user, ids=ids)
    return redirect(
        reverse("cms:inbox")
        + (f"?page={request.POST['page']}" if request.POST.get("page", "").isdigit() else "")
    )


def partners(request):
    languages = partner_languages()
    form = PartnerFilterForm(request.GET or None, languages=languages)
    language = service = None
    if form.is_valid():
        language = form.cleaned_data["language"] or None
        service = form.cleaned_data["service"] or None
    return render(
        request,
        "cms/partner_directory.html",
        {
            "form": form,
            "partners": partner_directory(language=language, service=service),
            "filtered": bool(language or service),
        },
    )


class PhoneSignupView(SignupView):
    template_name = "account/signup_phone.html"
    form_class = PhoneSignupForm

    def get_form_class(self):
        return self.form_class


phone_signup = PhoneSignupView.as_view()


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)


# Texts from unknown numbers (cms/sms_inbound/inbox.py) --------------------------------------


def _unknown_texts_page(request, forms_for=None, status=200):
    forms_for = forms_for or {}
    items = [
        {"message": m, "answer_form": forms_for.get(m.pk) or SmsAnswerForm(prefix=f"a{m.pk}")}
        for m in unknown_texts()
    ]
    return render(request, "cms/unknown_texts.html", {"items": items}, status=status)


@login_required
def unknown_texts_inbox(request):
    if not request.user.has_perm("cms.answer_unknown_texts"):
        raise Http404
    return _unknown_texts_page(request)


@login_required
@require_POST
def unknown_text_act(request, pk: int, action: str):
    if not request.user.has_perm("cms.answer_unknown_texts"):
        raise Http404
    message = unknown_text(pk)
    if message is None:  # dealt with already, or not from an unknown number
        raise Http404
    try:
        if action == "answer":
            form = SmsAnswerForm(request.POST, prefix=f"a{pk}")
            if not form.is_valid():
                return _unknown_texts_page(request, {pk: form}, status=400)
            try:
                unknown_text_answer(actor=request.user, message=message, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _unknown_texts_page(request, {pk: form}, status=400)
            messages.success(request, _("Your answer is on its way."))
        elif action == "resolve":
            unknown_text_resolve(actor=request.user, message=message)
            messages.success(request, _("Marked as dealt with."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("cms:unknown_texts")
