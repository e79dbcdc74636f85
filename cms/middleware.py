import rules
from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from cms.languages import set_language_cookie


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 at an address that lives outside the language prefixes
    (the Wagtail admin, documents, the language switch) stays a 404 there. Django would
    redirect it to ``/<lang>/...`` because the site's page tree, last in the prefixed
    patterns, matches any address, and a staff member would land on a public 404 page."""

    unprefixed = ("/admin/", "/documents/", "/i18n/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.unprefixed):
            return response
        return super().process_response(request, response)


class RememberLanguageMiddleware:
    """Remember the language of the last page a person read (the URL prefix), so that
    the bare address ``/`` brings them back to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if (
            language
            and response.status_code < 400
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            set_language_cookie(response, language)
        return response


# URL names a person who must set up MFA can still reach: allauth's own screens, logout,
# and their profile. Everything else (including the Wagtail admin) waits for MFA.
_MFA_EXEMPT_PREFIXES = ("account_", "mfa_")
_MFA_EXEMPT_NAMES = {"welcome", "profile", "set_language"}


class RequireMFAMiddleware:
    """Staff, leaders, facilitators and editors must turn on two-factor authentication
    (an authenticator app) before they can use the rest of the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._exempt(request):
            from allauth.mfa.models import Authenticator

            if (
                rules.test_rule("cms.must_use_mfa", user)
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                messages.warning(
                    request,
                    _(
                        "Your role needs two-step sign-in. Please set up an authenticator "
                        "app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        path = request.path_info
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True
        name = match.url_name or ""
        return name.startswith(_MFA_EXEMPT_PREFIXES) or name in _MFA_EXEMPT_NAMES


class ContentSecurityPolicyMiddleware:
    """No page requests anything from another origin. The Wagtail admin is left to its
    own (it uses inline styles), but it too loads only from this origin."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; font-src 'self'; media-src 'self' blob:; object-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
