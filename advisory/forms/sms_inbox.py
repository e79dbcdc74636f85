from django import forms
from django.utils.translation import gettext_lazy as _


class SmsAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer by text message"),
        max_length=320,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Write in the family's language if you can; 320 characters at most."),
    )


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
