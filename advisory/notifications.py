"""Notice kinds of the advisory app, registered with the site's notification layer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.notifications import register_kind


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
    }


ANNOUNCEMENT = register_kind(
    "advisory.announcement", _("Announcements from my groups"), build=announcement_context
)
