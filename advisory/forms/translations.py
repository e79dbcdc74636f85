from django import forms
from django.utils.translation import gettext_lazy as _


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Translation"), widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"})
    )
    reviewed = forms.BooleanField(
        label=_("I checked this translation against the original"), required=False
    )

    def __init__(self, *args, language: str = "", has_title: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "text"):
            self.fields[name].widget.attrs["lang"] = language
        if not has_title:
            del self.fields["title"]
