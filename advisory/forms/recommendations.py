from django import forms
from django.utils.translation import gettext_lazy as _

from advisory.models import AnswerState, CommitmentStatus
from cms.forms import language_choices


class RecommendationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("The recommendation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("What should change, and who should do it."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Why families ask for this: what they told us, how many, how often."),
    )
    summary = forms.CharField(
        label=_("Plain-language summary"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "A few short sentences everyone can understand. It is translated into each language of the group."
        ),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=language_choices)
    round = forms.TypedChoiceField(
        label=_("Round (optional)"), required=False, coerce=int, empty_value=None
    )
    concerns = forms.TypedMultipleChoiceField(
        label=_("Priorities it answers"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rounds=(), priorities=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("No particular round"))] + [
            (r.pk, r.title) for r in rounds
        ]
        self.fields["concerns"].choices = [(c.pk, c.label) for c in priorities]
        if not priorities:
            del self.fields["concerns"]
        if editing:
            del self.fields["language"]
            del self.fields["round"]


class RecommendationCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=language_choices)


class SubmitForm(forms.Form):
    leaders = forms.TypedMultipleChoiceField(
        label=_("Leaders who must answer"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(
        label=_("Answer due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the group's usual time to answer."),
    )

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].choices = [(u.pk, u.display_name or str(u)) for u in leaders]


class AnswerForm(forms.Form):
    state = forms.ModelChoiceField(
        label=_("Your answer"),
        queryset=AnswerState.objects.filter(is_active=True),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Answer text"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("Explain your answer in plain words: what you will do, and why."),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=language_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].label_from_instance = lambda state: state.label_in()


class CommitmentForm(forms.Form):
    what = forms.CharField(label=_("What will be done"), max_length=500, required=False)
    owner = forms.CharField(label=_("Who is responsible"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


CommitmentFormSet = forms.formset_factory(CommitmentForm, extra=2, max_num=20)


class CommitmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class PacketForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=language_choices)
