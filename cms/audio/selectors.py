"""Reads of audio summaries.

Families hear a summary as soon as a person has recorded it, as they read a translation a
person wrote: the written translation display shows a person's draft with a "draft"
label and a checked one as "checked by a person", and a summary is always recorded by a
person (never a machine). So a draft summary plays, labelled "not yet checked", and a
reviewed one is labelled "checked". A language without one shows nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cms.audio import audio_target, audio_target_for
from cms.models import AudioSummary, TranslationStatus

HEARD = (TranslationStatus.DRAFT, TranslationStatus.REVIEWED)


def _of(item: models.Model) -> models.QuerySet[AudioSummary]:
    target = audio_target_for(item)
    if target is None:
        return AudioSummary.objects.none()
    canonical = target.canonical(item)
    return AudioSummary.objects.filter(
        content_type=ContentType.objects.get_for_model(canonical), object_id=canonical.pk
    )


def audio_summaries_of(item: models.Model) -> list[AudioSummary]:
    """Every language's summary of an item, for the people who record and check them."""
    return list(_of(item).select_related("recorded_by", "reviewed_by").order_by("language"))


def audio_summary_for_reader(item: models.Model, language: str) -> AudioSummary | None:
    """The summary a reader of this language hears, or None."""
    return (
        _of(item)
        .filter(language=language, status__in=HEARD)
        .exclude(file="")
        .select_related("content_type")
        .first()
    )


def audio_summary_ids(key: str) -> dict[str, int]:
    """For a notice about the item named by ``key`` (see ``cms.audio.audio_key``): each
    language's summary that families hear, in one query."""
    kind, _, pk = (key or "").partition(":")
    target = audio_target(kind)
    if target is None or not pk.isdigit():
        return {}
    content_type = ContentType.objects.get_for_model(target.model)
    rows = AudioSummary.objects.filter(
        content_type=content_type, object_id=int(pk), status__in=HEARD
    ).exclude(file="")
    return dict(rows.values_list("language", "pk"))


def audio_summary_by_id(pk: int, *, with_file: bool = False) -> AudioSummary | None:
    """One summary with what finding its item needs (None when there is none)."""
    rows = AudioSummary.objects.select_related("content_type")
    if with_file:
        rows = rows.exclude(file="")
    return rows.filter(pk=pk).first()
