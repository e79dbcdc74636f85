from django import forms
from django.utils.translation import gettext_lazy as _

from cms.languages import language_name
from meetings.models import Direction, InterpretingMode, RsvpResponse
from meetings.selectors import interpretation_languages

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _language_choices(empty_label=None) -> list[tuple[str, str]]:
    choices = [(code, language_name(code)) for code, _name in interpretation_languages()]
    return [("", empty_label), *choices] if empty_label else choices


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_INPUT_FORMATS,
    )


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you come?"), choices=RsvpResponse.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        required=False,
        help_text=_("Interpretation is free. Only the organisers see what you ask for."),
    )
    children = forms.IntegerField(
        label=_("How many children need childcare?"), min_value=0, max_value=20, initial=0
    )
    transport = forms.BooleanField(label=_("I need help getting there"), required=False)
    access_needs = forms.CharField(
        label=_("Anything else you need to take part?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(_("No, I do not need one"))


class SlotForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    mode = forms.ChoiceField(label=_("Mode"), choices=InterpretingMode.choices)
    starts_at = _datetime_field(_("From"))
    ends_at = _datetime_field(_("Until"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()


class AssignForm(forms.Form):
    interpreter = forms.ChoiceField(label=_("Interpreter"))
    backup = forms.BooleanField(label=_("As backup"), required=False)

    def __init__(self, *args, interpreters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter"].choices = [
            (str(u.pk), u.display_name or str(u)) for u in interpreters
        ]


class LanguageDeclareForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    modes = forms.MultipleChoiceField(
        label=_("How you interpret"),
        choices=InterpretingMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()


class AvailabilityForm(forms.Form):
    availability_notes = forms.CharField(
        label=_("When are you usually available?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
