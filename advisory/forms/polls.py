from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.models import Poll, PollKind, ResultsShown
from cms.forms import language_choices
from cms.languages import language_name

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_INPUT_FORMATS,
    )


def lines(text: str) -> list[str]:
    """One choice per line, without empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    language = forms.ChoiceField(label=_("Written in"), choices=language_choices)
    kind = forms.ChoiceField(
        label=_("How many answers can each person choose?"),
        choices=PollKind.choices,
        initial=PollKind.SINGLE,
        widget=forms.RadioSelect,
    )
    results_shown = forms.ChoiceField(
        label=_("When can members see the results?"),
        choices=ResultsShown.choices,
        initial=ResultsShown.AFTER_VOTE,
        widget=forms.RadioSelect,
    )
    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))
    choices = forms.CharField(
        label=_("Choices"),
        help_text=_("Write one choice per line, at least two."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, working_languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.translation_languages = []
        for code in working_languages:
            name = language_name(code)
            self.fields[f"question_{code}"] = forms.CharField(
                label=_("Question in %(language)s") % {"language": name},
                max_length=300,
                required=False,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
            )
            self.fields[f"choices_{code}"] = forms.CharField(
                label=_("Choices in %(language)s") % {"language": name},
                help_text=_("One per line, in the same order as the original."),
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": "auto"}),
            )
            self.translation_languages.append((code, name))

    def choice_list(self) -> list[str]:
        return lines(self.cleaned_data.get("choices", ""))

    def translations(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            code: {
                "question": data.get(f"question_{code}", ""),
                "choices": lines(data.get(f"choices_{code}", "")),
            }
            for code, _name in self.translation_languages
        }

    def translation_fields(self):
        for code, name in self.translation_languages:
            yield code, name, self[f"question_{code}"], self[f"choices_{code}"]


class PollVoteForm(forms.Form):
    """Radio buttons for a single-choice poll, checkboxes for a multiple-choice one. Built
    from a poll decorated by the selectors (``shown_choices`` in the reader's language)."""

    def __init__(self, poll: Poll, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        options = [(str(pk), text) for pk, text, _language in poll.shown_choices]
        if poll.kind == PollKind.MULTIPLE:
            field = forms.MultipleChoiceField(
                label=_("Choose one or more answers"),
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Please choose at least one answer.")},
            )
        else:
            field = forms.ChoiceField(
                label=_("Choose one answer"),
                choices=options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer.")},
            )
        field.error_messages["invalid_choice"] = _("Please choose from this poll's answers.")
        self.fields["choices"] = field

    def choice_ids(self) -> list[int]:
        value = self.cleaned_data.get("choices")
        values = value if isinstance(value, list) else [value]
        return [int(v) for v in values if v]

    def options(self):
        """(widget, language of its label) for each choice, for the template."""
        languages = {str(pk): language for pk, _text, language in self.poll.shown_choices}
        for widget in self["choices"]:
            yield widget, languages.get(str(widget.data["value"]), self.poll.language)
