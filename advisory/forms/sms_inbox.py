from django import forms
from django.utils.translation import gettext_lazy as _

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

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
