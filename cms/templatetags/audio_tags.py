"""``{% audio_summary item %}``: the large play button for the reader's language next to
an item's text (nothing when there is no summary in that language), and for the people
who record summaries a link to record, upload or check them."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from cms.audio import audio_target_for
from cms.audio.selectors import audio_summary_for_reader

register = template.Library()


@register.inclusion_tag("includes/audio_summary.html", takes_context=True)
def audio_summary(context, item) -> dict:
    target = audio_target_for(item) if item is not None else None
    if target is None:
        return {}
    language = context.get("LANGUAGE_CODE") or get_language()
    request = context.get("request")
    user = getattr(request, "user", None)
    manage_url = ""
    if user is not None and user.is_authenticated and user.has_perm(target.record_perm, item):
        manage_url = reverse(
            "audio:manage", kwargs={"kind": target.key, "pk": target.canonical(item).pk}
        )
    return {"summary": audio_summary_for_reader(item, language), "manage_url": manage_url}
