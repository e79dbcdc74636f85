from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import language_choices
from cms.languages import language_name


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(label=_("Written in"), choices=language_choices)
    send_at = forms.DateTimeField(
        label=_("Send later (optional)"),
        required=False,
        help_text=_(
            "Leave empty to send now. Use this for reminders before a meeting or a deadline."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, working_languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.translation_languages = []
        for code in working_languages:
            name = language_name(code)
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": name},
                max_length=150,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message in %(language)s") % {"language": name},
                max_length=3000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": "auto"}),
            )
            self.fields[f"subject_{code}"].widget.attrs.update({"lang": code, "dir": "auto"})
            self.translation_languages.append((code, name))

    def translations(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"subject_{code}", ""), data.get(f"body_{code}", ""))
            for code, _name in self.translation_languages
        }

    def translation_fields(self):
        for code, name in self.translation_languages:
            yield code, name, self[f"subject_{code}"], self[f"body_{code}"]
