"""django-allauth adapter: after login, a person lands in their own language, and on
their first login they are asked for their language and contact channel. Phone numbers
live on the user model and codes go out through our SMS backends."""

import logging
import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from django.conf import settings
from django.contrib import messages
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from cms.languages import set_language_cookie

logger = logging.getLogger(__name__)


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

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Signing in a moment ago counts as confirming it is you: someone sent straight
        from login to set up two-step sign-in is not asked for their password again."""
        from allauth.account.internal.flows.login import get_authentication_records

        required = super().is_reauthentication_required(app=app, **kwargs)
        request = self.request
        if required and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
            if records and time.time() - records[-1].get("at", 0) < timeout:
                return False
        return required

    def post_login(self, request, user, **kwargs):
        language = getattr(user, "preferred_language", None)
        if language in dict(settings.LANGUAGES):
            # Before allauth adds its "signed in" message, so it is in their language.
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        if language in dict(settings.LANGUAGES):
            set_language_cookie(response, language)
        return response

    # Phone numbers ----------------------------------------------------------------

    def phone_form_field(self, **kwargs):
        from cms.phones import PhoneNumberField

        kwargs.pop("label", None)
        return PhoneNumberField(**kwargs)

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return str(user.phone), user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        if str(user.phone) == phone:
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone: str):
        from cms.models import User

        return User.objects.filter(phone=phone, is_active=True).first()

    def _stopped(self, phone: str) -> bool:
        """A number that replied STOP gets no text at all, sign-in codes included (US
        carrier rules), until it replies START; the person is told why on the page."""
        from cms.sms_inbound.services import is_opted_out

        if not is_opted_out(phone):
            return False
        if getattr(self, "request", None) is not None:
            messages.warning(
                self.request,
                _(
                    "This number replied STOP, so we send it no text messages, not even "
                    "sign-in codes. Text START to us from it to get texts again, or sign "
                    "in with your email address."
                ),
            )
        return True

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        """Codes go out at once (not queued): the person is waiting for them."""
        from cms.sms import SmsError, send_sms

        if self._stopped(phone):
            return

        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            body = _("%(site)s: your code is %(code)s. It expires soon. Do not share it.") % {
                "site": settings.SITE_NAME,
                "code": code,
            }
        try:
            send_sms(phone, body)
        except SmsError:
            logger.exception("could not send a code by SMS")

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        from cms.sms import SmsError, send_sms

        if self._stopped(phone):
            return

        body = _(
            "%(site)s: someone asked for a sign-in code for this number, but no account "
            "uses it. If it was you, sign up first."
        ) % {"site": settings.SITE_NAME}
        try:
            send_sms(phone, body)
        except SmsError:
            logger.exception("could not send SMS")

    def get_login_stages(self):
        stages = super().get_login_stages()
        original = f"{EmailVerificationStage.__module__}.{EmailVerificationStage.__name__}"
        return [
            "cms.adapters.EmailVerificationUnlessPhoneOnlyStage" if s == original else s
            for s in stages
        ]


class EmailVerificationUnlessPhoneOnlyStage(EmailVerificationStage):
    """Email verification is mandatory for anyone with an email address; an account made
    with only a phone number is verified by its SMS code instead."""

    def handle(self):
        from allauth.account.models import EmailAddress

        user = self.login.user
        if (
            user is not None
            and user.pk
            and not user.email
            and not EmailAddress.objects.filter(user=user).exists()
        ):
            return None, True
        return super().handle()
