"""Phone numbers: read what people type (with or without a country code), check it is a
real mobile-capable number, and store it in E.164 form (+15551234567)."""

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(value: str, region: str | None = None) -> str:
    """Return the E.164 form of a phone number, or raise ValidationError."""
    region = region or getattr(settings, "PHONE_DEFAULT_REGION", "US")
    text = (value or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_invalid_message(region), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_invalid_message(region), code="invalid_phone")
    kind = phonenumbers.number_type(number)
    if kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.PAGER):
        raise ValidationError(
            _(
                "This looks like a landline. Please enter a mobile number that can receive text messages."
            ),
            code="not_mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _invalid_message(region: str) -> str:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    shown = (
        phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if example
        else "+1 201 555 0123"
    )
    return _(
        "Please enter a valid mobile phone number, for example %(example)s. "
        "For a number from another country, start with + and the country code."
    ) % {"example": shown}


class PhoneNumberField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", _("We send a code by text message to check it is yours."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return normalise_phone(value)
