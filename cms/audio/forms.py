from django import forms
from django.utils.translation import gettext_lazy as _

from cms.forms import language_choices


class AudioSummaryForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the recording"), choices=language_choices)
    file = forms.FileField(
        label=_("Recording"),
        help_text=_(
            "Record in the browser, or attach a sound file (MP3, M4A, OGG, OPUS, WEBM or WAV) "
            "of a few minutes at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    reviewed = forms.BooleanField(
        label=_("I checked this recording against the text"), required=False
    )
