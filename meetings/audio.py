"""Meeting pages carry audio summaries recorded by people (registered with ``cms.audio``
from ``MeetingsConfig``). Summaries hang on the canonical (original-language) page, so
every translation of the page plays the same recordings."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cms.audio import register_audio_target


def _meeting(user, pk: int):
    from meetings.models import MeetingPage

    return MeetingPage.objects.filter(pk=pk).select_related("group").first()


def _localized(meeting, language: str):
    with override(language):
        return meeting.localized


def register() -> None:
    from meetings.models import MeetingPage

    register_audio_target(
        key="meeting",
        model=MeetingPage,
        label=_("meeting"),
        lookup=_meeting,
        may_listen=lambda user, meeting: meeting.live,
        record_perm="meetings.record_audio",
        title=lambda meeting, language: _localized(meeting, language).title,
        url=lambda meeting, user: meeting.localized.url or "",
        canonical=lambda meeting: meeting.canonical,
    )
