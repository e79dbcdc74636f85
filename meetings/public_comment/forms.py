from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.languages import language_name
from meetings.forms import _datetime_field
from meetings.models import Attendance, SpeakerOrder, WhenFull


class SignupForm(forms.Form):
    called_name = forms.CharField(
        label=_("Name to be called"),
        max_length=120,
        help_text=_("The name the clerk will call. It does not have to be your account name."),
    )
    agenda_item = forms.ChoiceField(label=_("Agenda item or topic"), required=False)
    topic = forms.CharField(
        label=_("Other topic"),
        required=False,
        max_length=200,
        help_text=_("If your topic is not on the agenda."),
    )
    attendance = forms.ChoiceField(
        label=_("How will you speak?"), choices=Attendance.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(label=_("Language you will speak"))
    needs_interpreter = forms.BooleanField(
        label=_("I need an interpreter"),
        required=False,
        help_text=_("Interpretation is free. The board arranges it."),
    )
    recommendation = forms.ChoiceField(
        label=_("Start from a recommendation"),
        required=False,
        help_text=_("If you leave your comment empty, it starts from this recommendation."),
    )
    comment_text = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only the clerk sees it. It is deleted some weeks after the meeting."),
    )
    member = forms.ChoiceField(label=_("Sign up on behalf of"), required=False)

    def __init__(
        self,
        *args,
        agenda_titles=(),  # (value, label) pairs
        remote_allowed=True,
        recommendations=(),
        members=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [
            ("", _("Another topic")),
            *agenda_titles,
        ]
        self.fields["language"].choices = [
            (code, language_name(code)) for code, _n in settings.LANGUAGES
        ]
        if not remote_allowed:
            self.fields["attendance"].choices = [
                c for c in Attendance.choices if c[0] != Attendance.REMOTE
            ]
        self.recommendation_objects = {str(r.pk): r for r in recommendations}
        if recommendations:
            self.fields["recommendation"].choices = [
                ("", _("None")),
                *[(str(r.pk), f"{r.title} ({r.group.name})") for r in recommendations],
            ]
        else:
            del self.fields["recommendation"]
        self.member_objects = {str(u.pk): u for u in members}
        if members:
            self.fields["member"].choices = [
                ("", _("Myself")),
                *[(str(u.pk), u.display_name or str(u)) for u in members],
            ]
        else:
            del self.fields["member"]

    def clean(self):
        data = super().clean()
        data["topic_text"] = data.get("agenda_item") or (data.get("topic") or "").strip()
        data["recommendation_obj"] = self.recommendation_objects.get(data.get("recommendation"))
        data["member_obj"] = self.member_objects.get(data.get("member"))
        return data


class CommentSettingsForm(forms.Form):
    signup_open = forms.BooleanField(label=_("Sign-up is open"), required=False)
    opens_at = _datetime_field(_("Sign-up opens"))
    closes_at = _datetime_field(_("Sign-up closes"))
    speaker_cap = forms.IntegerField(label=_("Most speakers"), min_value=1, max_value=500)
    minutes_per_speaker = forms.IntegerField(
        label=_("Minutes per speaker"), min_value=1, max_value=60
    )
    interpreted_extra_minutes = forms.IntegerField(
        label=_("Extra minutes with consecutive interpretation"), min_value=0, max_value=60
    )
    order = forms.ChoiceField(label=_("Order of speakers"), choices=SpeakerOrder.choices)
    remote_allowed = forms.BooleanField(label=_("Remote (call-in) comment allowed"), required=False)
    when_full = forms.ChoiceField(label=_("When the list is full"), choices=WhenFull.choices)
    publish_speakers = forms.BooleanField(
        label=_("Publish the speakers list after the meeting"), required=False
    )


class LotteryForm(forms.Form):
    seed = forms.CharField(
        label=_("Seed (optional)"),
        required=False,
        max_length=64,
        help_text=_("Leave empty for a random seed. It is recorded so anyone can re-run the draw."),
    )
