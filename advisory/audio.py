"""What in the advisory app carries audio summaries recorded by people: recommendations,
published answers and announcements. Registered with ``cms.audio`` from ``AdvisoryConfig``
(``cms`` never imports this app)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from advisory.selectors.recommendations import reader_summary
from cms.audio import register_audio_target

RECORD_PERM = "advisory.record_audio"


def _recommendation(user, pk: int):
    from advisory.models import Recommendation

    return Recommendation.objects.select_related("group").filter(pk=pk).first()


def _may_hear_recommendation(user, recommendation) -> bool:
    if user.has_perm("advisory.view_recommendation", recommendation):
        return True
    return recommendation.group.publish_recommendations and recommendation.status != "draft"


def _recommendation_title(recommendation, language: str) -> str:
    """The title its reader sees on the recommendation's page: a person's translation, or
    the original (never an unchecked machine draft)."""
    translated = reader_summary(recommendation, language)
    return translated.title if translated is not None and translated.title else recommendation.title


def _recommendation_url(recommendation, user) -> str:
    return reverse("advisory:recommendation", args=[recommendation.group.slug, recommendation.pk])


def _answer(user, pk: int):
    from advisory.models import Answer

    return (
        Answer.objects.select_related("recommendation__group")
        .filter(pk=pk, published_at__isnull=False)
        .first()
    )


def _answer_title(answer, language: str) -> str:
    with override(language):
        return str(
            _("Answer to “%(title)s”")
            % {"title": _recommendation_title(answer.recommendation, language)}
        )


def _announcement(user, pk: int):
    from advisory.models import Announcement

    return Announcement.objects.select_related("group").filter(pk=pk).first()


def _may_hear_announcement(user, announcement) -> bool:
    """Members hear it once it has gone out (a scheduled one has a send time)."""
    gone = announcement.sent_at is not None or (
        announcement.send_at is not None and announcement.send_at <= timezone.now()
    )
    return gone and user.has_perm("advisory.view_group", announcement.group)


def _announcement_title(announcement, language: str) -> str:
    translated = announcement.translations.filter(language=language).first()
    return translated.subject if translated else announcement.subject


def _announcement_url(announcement, user) -> str:
    if user.has_perm("advisory.announce", announcement.group):
        return reverse("advisory:announcements", args=[announcement.group.slug])
    return reverse("cms:inbox")


def register() -> None:
    from advisory.models import Announcement, Answer, Recommendation

    register_audio_target(
        key="recommendation",
        model=Recommendation,
        label=_("recommendation"),
        lookup=_recommendation,
        may_listen=_may_hear_recommendation,
        record_perm=RECORD_PERM,
        title=_recommendation_title,
        url=_recommendation_url,
    )
    register_audio_target(
        key="answer",
        model=Answer,
        label=_("answer"),
        lookup=_answer,
        may_listen=lambda user, answer: (
            answer.published_at is not None
            and _may_hear_recommendation(user, answer.recommendation)
        ),
        record_perm=RECORD_PERM,
        title=_answer_title,
        url=lambda answer, user: _recommendation_url(answer.recommendation, user),
    )
    register_audio_target(
        key="announcement",
        model=Announcement,
        label=_("announcement"),
        lookup=_announcement,
        may_listen=_may_hear_announcement,
        record_perm=RECORD_PERM,
        title=_announcement_title,
        url=_announcement_url,
    )
