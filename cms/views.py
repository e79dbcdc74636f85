from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from cms.forms import PartnerFilterForm, PreferencesForm
from cms.models import PartnerLanguage
from cms.selectors import partner_directory
from cms.services import user_update_preferences


def _preferences(request, *, template: str, next_url_name: str):
    user = request.user
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                user_update_preferences(actor=user, user=user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                language = user.preferred_language
                with translation.override(language):
                    messages.success(request, _("Your preferences are saved."))
                    response = redirect(reverse(next_url_name))
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                )
                return response
    else:
        form = PreferencesForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
                "contact_channel": user.contact_channel,
            }
        )
    return render(request, template, {"form": form})


@login_required
def welcome(request):
    """First login: pick a language and a way to be contacted."""
    return _preferences(request, template="cms/welcome.html", next_url_name="cms:profile")


@login_required
def profile(request):
    return _preferences(request, template="cms/profile.html", next_url_name="cms:profile")


def partners(request):
    languages = PartnerLanguage.objects.filter(partners__is_published=True).distinct()
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


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
