from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from advisory.models import Round
from cms.forms import SmsAnswerForm

__all__ = ["SmsAnswerForm", "SmsConcernForm"]


class SmsConcernForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Short title"), max_length=200)
    text = forms.CharField(
        label=_("The concern, as the family wrote it"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(
        self,
        *args,
        rounds: QuerySet[Round],
        round_choices: list[tuple[int, str]] | None = None,
        **kwargs,
    ) -> None:
        """``round_choices`` (from :meth:`choices_for`) are the rounds read once for a page
        of forms; without them each form reads ``rounds`` again when it renders."""
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        if round_choices is not None:
            self.fields["round"].choices = round_choices

    @classmethod
    def choices_for(cls, rounds: QuerySet[Round]) -> list[tuple[int, str]]:
        """The options of the round field, labelled as the field labels them (one query)."""
        label = cls.base_fields["round"].label_from_instance
        return [(round_.pk, label(round_)) for round_ in rounds]
