from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.services.cycle import AUDIO_MAX_BYTES
from cms.forms import language_choices


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    dot_budget = forms.IntegerField(
        label=_("Dots per member"), min_value=1, max_value=50, initial=5
    )
    max_dots_per_concern = forms.IntegerField(
        label=_("Most dots on one concern"), min_value=1, max_value=50, initial=3
    )
    voting_starts_on = forms.DateField(
        label=_("Voting starts (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    voting_ends_on = forms.DateField(
        label=_("Voting ends (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ConcernForm(forms.Form):
    title = forms.CharField(label=_("Short title"), max_length=200)
    text = forms.CharField(
        label=_("What worries you?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("Write in any language. You can also record your voice instead."),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=language_choices)
    audio = forms.FileField(
        label=_("Voice recording (optional)"),
        required=False,
        help_text=_("A sound file up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*", "capture": "user"}),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topic (optional)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_anonymous = forms.BooleanField(
        label=_("Hide my name from other members"),
        required=False,
        help_text=_(
            "The facilitators of the group still see who wrote it, so that they can look after the discussion."
        ),
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(str(t.pk), t.name) for t in topics]
        if not topics:
            del self.fields["topics"]

    def clean_audio(self):
        audio = self.cleaned_data.get("audio")
        if audio and audio.size > AUDIO_MAX_BYTES:
            raise forms.ValidationError(
                _("The recording is too long: the limit is 10 MB (about 10 minutes).")
            )
        return audio


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=language_choices)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it? (the author sees this)"),
        max_length=300,
    )


class TagForm(forms.Form):
    names = forms.CharField(label=_("Topics, separated by commas"), max_length=400, required=False)


class MergeForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(c.pk, c.title) for c in targets]


class BallotForm(forms.Form):
    """One number field per concern; the dots a member spends on it."""

    def __init__(
        self,
        *args,
        concerns=(),
        max_per_concern=3,
        initial_dots=None,
        only_submitted=False,
        **kwargs,
    ):
        """``only_submitted`` builds fields only for the concerns the ballot puts dots on
        (a value other than empty or 0): a round can hold a thousand concerns, and a field
        left at 0 changes nothing. Every value that was typed is still validated; to show
        errors, build the form again without it."""
        super().__init__(*args, **kwargs)
        initial_dots = initial_dots or {}
        self.concerns = list(concerns)
        if only_submitted and self.data is not None:
            dotted = self.dotted_ids(self.data)
            self.concerns = [c for c in self.concerns if c.pk in dotted]
        for concern in self.concerns:
            self.fields[f"c{concern.pk}"] = forms.IntegerField(
                label=concern.title,
                min_value=0,
                max_value=max_per_concern,
                required=False,
                initial=initial_dots.get(concern.pk, 0),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @staticmethod
    def dotted_ids(data) -> set[int]:
        """The concern ids a posted ballot puts dots on: fields ``c<id>`` neither empty nor
        0 (a value that is not a number counts, so that the form reports it)."""
        return {
            int(name[1:])
            for name, value in data.items()
            if name[:1] == "c"
            and name[1:].isascii()
            and name[1:].isdigit()
            and (value or "").strip() not in ("", "0")
        }

    def allocation(self) -> dict[int, int]:
        return {
            concern.pk: self.cleaned_data.get(f"c{concern.pk}") or 0 for concern in self.concerns
        }

    def rows(self):
        for concern in self.concerns:
            yield concern, self[f"c{concern.pk}"]
