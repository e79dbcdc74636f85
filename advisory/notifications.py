"""Notice kinds of the advisory app, registered with the site's notification layer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.audio import audio_key
from cms.broadcasts import register_audience
from cms.notifications import register_kind

GROUP_MEMBERS = "advisory.group_members"


def _group_members(params: dict):
    """Everyone in a group who can be reached (``group_id``), for broadcasts."""
    from cms.models import User

    return User.objects.filter(memberships__group_id=params["group_id"], is_active=True)


register_audience(GROUP_MEMBERS, _group_members)


def announcement_context(language: str, context: dict) -> dict:
    """The announcement in the reader's language, or the original marked as pending."""
    from advisory.models import Announcement

    announcement = (
        Announcement.objects.select_related("group")
        .prefetch_related("translations")
        .get(pk=context["announcement_id"])
    )
    translated = next((t for t in announcement.translations.all() if t.language == language), None)
    pending = translated is None and announcement.language != language
    return {
        "url": reverse("cms:inbox"),
        "group": announcement.group,
        "subject": translated.subject if translated else announcement.subject,
        "message": translated.body if translated else announcement.body,
        "message_language": language if translated else announcement.language,
        "translation_pending": pending,
        "audio_of": audio_key(announcement),
    }


ANNOUNCEMENT = register_kind(
    "advisory.announcement", _("Announcements from my groups"), build=announcement_context
)


def recommendation_context(language: str, context: dict) -> dict:
    """A recommendation with its title in the reader's language where a person translated
    it, its answer (state in the reader's language) and its address."""
    from advisory.models import Recommendation
    from advisory.models.recommendations import summary_is_ready

    recommendation = (
        Recommendation.objects.select_related("group", "answer__state")
        .prefetch_related("translations")
        .get(pk=context["recommendation_id"])
    )
    translated = next(
        (
            t
            for t in recommendation.translations.all()
            if t.language == language and t.title and summary_is_ready(t)
        ),
        None,
    )
    answer = getattr(recommendation, "answer", None)
    return {
        "url": reverse(
            "advisory:recommendation", args=[recommendation.group.slug, recommendation.pk]
        ),
        "group": recommendation.group,
        "recommendation": recommendation,
        "title": translated.title if translated else recommendation.title,
        "due_on": recommendation.due_on,
        # A reminder says which one it is (it may be sent a little before midnight).
        "is_overdue": context.get("stage") == "overdue" or recommendation.is_overdue(),
        "answer_state": answer.state.label_in(language) if answer and answer.state else "",
        "audio_of": audio_key(recommendation),
    }


def answer_context(language: str, context: dict) -> dict:
    """As a recommendation's notice, linking the answer's audio summary."""
    result = recommendation_context(language, context)
    answer = getattr(result["recommendation"], "answer", None)
    result["audio_of"] = audio_key(answer) if answer and answer.published_at else ""
    return result


RECOMMENDATION_SUBMITTED = register_kind(
    "advisory.recommendation_submitted",
    _("Recommendations sent to me for an answer"),
    mutable=False,
    build=recommendation_context,
)
ANSWER_DUE = register_kind(
    "advisory.answer_due",
    _("Reminders of answers I owe"),
    mutable=False,
    build=recommendation_context,
)
ANSWER_PUBLISHED = register_kind(
    "advisory.answer_published",
    _("Answers to my groups' recommendations"),
    build=answer_context,
)
COMMITMENT_UPDATED = register_kind(
    "advisory.commitment_updated",
    _("Progress on commitments leaders made to my groups"),
    build=recommendation_context,
)
