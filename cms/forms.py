from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from cms.languages import language_name
from cms.models import ContactChannel, User
from cms.models.partners import ServiceCode
from cms.sms import SMS_MAX_LENGTH


def language_choices() -> list[tuple[str, str]]:
    """Each site language in its own name, so a reader finds theirs whatever the page language."""
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds: only a display name."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("The name others see. It does not have to be your legal name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        language = getattr(request, "LANGUAGE_CODE", None) or get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if not user.email:
            user.contact_channel = ContactChannel.SMS
        user.save(update_fields=["display_name", "preferred_language", "contact_channel"])


class SmsAnswerForm(forms.Form):
    """A person's answer to a text message, sent by text (group and district inboxes)."""

    text = forms.CharField(
        label=_("Answer by text message"),
        max_length=SMS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Write in the family's language if you can; 320 characters at most."),
    )


class PreferencesForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("The name others see. It does not have to be your legal name."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for pages and messages"), choices=language_choices
    )
    contact_channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
    )


class NoticePreferencesForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label=_("Send me these by email or text message"),
        help_text=_("Everything always appears in your inbox on this site."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from cms.notifications import mutable_kinds

        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [(k.key, k.label) for k in mutable_kinds()]


class PartnerFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language"))] + [
            (lang.code, lang.name_local) for lang in languages
        ]
        self.fields["service"].choices = [("", _("Any service")), *ServiceCode.choices]


_PROFILE_FIELDS = ["display_name", "phone", "preferred_language", "contact_channel"]


class AdminUserCreationForm(UserCreationForm):
    """Wagtail's user form without first/last name, with our few fields."""

    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("Email"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = {"username", "email", "is_superuser", "groups", *_PROFILE_FIELDS}
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "preferred_language": forms.Select(choices=language_choices),
        }


class AdminUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("Email"))

    class Meta(UserEditForm.Meta):
        model = User
        fields = {"username", "email", "is_active", "is_superuser", "groups", *_PROFILE_FIELDS}
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "preferred_language": forms.Select(choices=language_choices),
        }


def _allauth_signup_form():
    from allauth.account.forms import SignupForm

    return SignupForm


class PhoneSignupForm(_allauth_signup_form()):
    """Sign up with a phone number only: no email, no password. The number is confirmed
    with a code by text message, and later sign-ins use a code too."""

    def _get_signup_fields(self, kwargs) -> dict:
        return {"phone": {"required": True}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.order_fields(["display_name", "phone"])


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form: field errors next to their field,
    the rest at the top, so the person sees why and keeps what they typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
