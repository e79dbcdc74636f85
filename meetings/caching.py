"""What makes the cached regions of the meeting pages stale (cms/fragments.py).

The services already mark a speakers list changed wherever they change it
(``broadcast.queue_changed``, and the retention purge); these signals are the safety net
for any other save, and cover the meetings list, which Wagtail publishes."""

from django.db.models.signals import post_delete, post_save

from cms import fragments
from meetings.broadcast import speakers_topic

MEETINGS_LIST = "meetings:list"


def _on_speakers(sender, instance, **kwargs) -> None:
    fragments.changed(speakers_topic(instance.meeting_id))


def _on_meetings(sender, instance=None, **kwargs) -> None:
    fragments.changed(MEETINGS_LIST)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from advisory.models import AdvisoryGroup
    from meetings.models import MeetingPage, PublicCommentSettings, SpeakerSignup

    for signal in (post_save, post_delete):
        kind = "save" if signal is post_save else "delete"
        for model in (SpeakerSignup, PublicCommentSettings):
            signal.connect(_on_speakers, sender=model, dispatch_uid=f"meetings-frag-{kind}-{model}")
        signal.connect(_on_meetings, sender=MeetingPage, dispatch_uid=f"meetings-frag-{kind}-page")
        signal.connect(
            _on_meetings, sender=AdvisoryGroup, dispatch_uid=f"meetings-frag-{kind}-group"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_meetings, dispatch_uid=f"meetings-frag-{signal}")
