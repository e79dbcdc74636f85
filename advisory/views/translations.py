"""The translators' queue and the translation page; readers ask for a translation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.forms.translations import TranslationForm
from advisory.models import Concern
from advisory.selectors.translations import translation_queue, translations_with_item
from advisory.services.translations import translation_save, translations_request
from advisory.views.common import group_for
from cms.forms import add_service_errors, language_choices


def _may_translate_anything(user) -> bool:
    from cms.roles import Role, has_role

    return (
        has_role(user, Role.INTERPRETER)
        or has_role(user, Role.FACILITATOR)
        or has_role(user, Role.ADMIN)
    )


@login_required
def queue(request):
    if not _may_translate_anything(request.user):
        raise Http404
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    page = Paginator(translation_queue(request.user, language or None), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "advisory/translations/queue.html",
        {
            "page_obj": page,
            "items": page.object_list,
            "language": language,
            "languages": language_choices(),
        },
    )


@login_required
def translate(request, pk: int):
    translation = get_object_or_404(translations_with_item(), pk=pk)
    item = translation.concern or translation.comment or translation.recommendation
    if not request.user.has_perm("advisory.translate", item):
        raise Http404
    form = TranslationForm(
        request.POST or None,
        initial={"title": translation.title, "text": translation.text},
        language=translation.language,
        has_title=translation.concern_id is not None or translation.recommendation_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            translation_save(
                actor=request.user,
                translation=translation,
                text=form.cleaned_data["text"],
                title=form.cleaned_data.get("title", ""),
                reviewed=form.cleaned_data["reviewed"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The translation is saved."))
            return redirect("advisory:translation_queue")
    return render(
        request,
        "advisory/translations/translate.html",
        {"translation": translation, "item": item, "form": form},
    )


@login_required
@require_POST
def request_translation(request, slug: str, pk: int):
    group = group_for(request, slug, "advisory.view_group")
    concern = get_object_or_404(Concern, pk=pk, round__group=group)
    try:
        translations_request(actor=request.user, item=concern, languages=[get_language()])
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("A translation into your language has been asked for."))
    return redirect("advisory:concern", slug=slug, pk=pk)


urlpatterns = [
    path("translations/", queue, name="translation_queue"),
    path("translations/<int:pk>/", translate, name="translate"),
    path(
        "<slug:slug>/concerns/<int:pk>/request-translation/",
        request_translation,
        name="request_translation",
    ),
]
