"""django-allauth adapter: after login, a person lands in their own language, and on
their first login they are asked for their language and contact channel."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path


def _in_language(url: str, language: str) -> str:
    """The same address in another language; a bare path gets the language's prefix."""
    if language not in dict(settings.LANGUAGES):
        return url
    translated = translate_url(url, language)
    if translated == url and url.startswith("/") and get_language_from_path(url) is None:
        with translation.override(language):
            prefixed = f"/{language}{url}"
            try:
                resolve(prefixed)
            except Resolver404:
                return url
            return prefixed
    return translated


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        user = request.user
        language = getattr(user, "preferred_language", None) or translation.get_language()
        if getattr(user, "needs_onboarding", False):
            with translation.override(language):
                return reverse("cms:welcome")
        return _in_language(super().get_login_redirect_url(request), language)

    def get_signup_redirect_url(self, request) -> str:
        return self.get_login_redirect_url(request)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "preferred_language", None)
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            )
        return response
