from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.models import MembershipRole
from advisory.services.invitations import normalise_code
from cms.forms import language_choices
from cms.models import ContactChannel
from cms.phones import PhoneNumberField


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    phone = PhoneNumberField(
        required=False,
        help_text=_("Give an email address or a mobile phone number, not both."),
    )
    role = forms.ChoiceField(
        label=_("Role in the group"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=language_choices,
        help_text=_("The invitation is written in this language. Choose the family's language."),
    )

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        if "email" in self.errors or "phone" in self.errors:
            return data
        if email and phone:
            raise forms.ValidationError(
                _("Please give either an email address or a mobile phone number, not both.")
            )
        if not email and not phone:
            raise forms.ValidationError(_("Please give an email address or a mobile phone number."))
        return data


class JoinByCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("The code has 8 letters and numbers, for example ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Please enter the 8-character code from your invitation, for example ABCD-EFGH.")
            )
        return code


class AddFamilyForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_(
            "The name the family wants others to see. It does not have to be a legal name."
        ),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    phone = PhoneNumberField(
        required=False,
        help_text=_(
            "An email address or a mobile phone number is enough; the family signs in with a code sent there."
        ),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    contact_channel = forms.ChoiceField(
        label=_("How we contact them"),
        choices=ContactChannel.choices,
        initial=ContactChannel.EMAIL,
    )

    def clean(self):
        data = super().clean()
        if "email" in self.errors or "phone" in self.errors:
            return data
        email, phone = data.get("email"), data.get("phone")
        if not email and not phone:
            raise forms.ValidationError(
                _(
                    "Please give an email address or a mobile phone number, so the family can sign in."
                )
            )
        channel = data.get("contact_channel")
        if channel == ContactChannel.SMS and not phone:
            self.add_error("phone", _("Please give a mobile phone number for text messages."))
        elif channel == ContactChannel.EMAIL and not email:
            self.add_error("email", _("Please give an email address for messages by email."))
        return data
