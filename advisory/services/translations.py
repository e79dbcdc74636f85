"""Translations of what members write (concerns, comments, recommendation summaries): kept apart from the
original, with who made them and their status (requested, draft, reviewed). A machine
draft, when a backend is configured, stays labelled as such until a person reviews it."""

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from advisory.models import (
    Comment,
    Concern,
    ContentTranslation,
    Recommendation,
    TranslationStatus,
)
from cms.models import User
from cms.queue import enqueue_or_log


def _target(translation_or_item):
    return (
        translation_or_item.concern
        or translation_or_item.comment
        or translation_or_item.recommendation
    )


def _field(item) -> str:
    if isinstance(item, Recommendation):
        return "recommendation"
    return "concern" if isinstance(item, Concern) else "comment"


def source_text(item) -> str:
    """What is translated: a recommendation's plain-language summary, else the text."""
    return item.summary if isinstance(item, Recommendation) else item.text


def _group_languages(item) -> list[str]:
    if isinstance(item, Recommendation):
        return list(item.group.working_languages or [])
    concern = item if isinstance(item, Concern) else item.concern
    return list(concern.round.group.working_languages or [])


def translations_request(
    *,
    actor: User | None,
    item: Concern | Comment | Recommendation,
    languages: list[str] | None = None,
) -> list[ContentTranslation]:
    """Ask for translations of a concern or comment (by default into the group's working
    languages). Existing translations are left as they are."""
    if actor is not None and not rules.has_perm("advisory.request_translation", actor, item):
        raise PermissionDenied
    site = dict(settings.LANGUAGES)
    wanted = [
        code
        for code in (languages if languages is not None else _group_languages(item))
        if code in site and code != item.language
    ]
    field = _field(item)
    created = []
    with transaction.atomic():
        existing = set(
            ContentTranslation.objects.filter(**{field: item}).values_list("language", flat=True)
        )
        for code in wanted:
            if code in existing:
                continue
            try:
                with transaction.atomic():
                    created.append(
                        ContentTranslation.objects.create(
                            **{field: item}, language=code, requested_by=actor
                        )
                    )
            except IntegrityError:
                pass  # requested at the same moment by someone else
        backend = getattr(settings, "MACHINE_TRANSLATION_BACKEND", "")
        if backend and created:
            ids = [t.pk for t in created]
            transaction.on_commit(lambda: _machine_drafts(ids))
    return created


def _machine_drafts(ids: list[int]) -> None:
    for pk in ids:
        enqueue_or_log("advisory.tasks.machine_translate", pk)


def machine_translation_fill(*, translation_id: int) -> str:
    """Fill a requested translation with a machine draft (never marked reviewed)."""
    backend = getattr(settings, "MACHINE_TRANSLATION_BACKEND", "")
    if not backend:
        return "no backend"
    translate = import_string(backend)
    with transaction.atomic():
        t = (
            ContentTranslation.objects.select_for_update(of=("self",))
            .select_related("concern", "comment", "recommendation")
            .get(pk=translation_id)
        )
        if t.status != TranslationStatus.REQUESTED:
            return "skipped"
        item = _target(t)
        t.text = translate(source_text(item), source=item.language, target=t.language)
        if isinstance(item, Concern | Recommendation):
            t.title = translate(item.title, source=item.language, target=t.language)
        t.is_machine = True
        t.status = TranslationStatus.DRAFT
        t.save(update_fields=["text", "title", "is_machine", "status", "updated_at"])
    return "drafted"


def translation_save(
    *,
    actor: User,
    translation: ContentTranslation,
    text: str,
    title: str = "",
    reviewed: bool = False,
) -> ContentTranslation:
    """A person writes or checks a translation."""
    item = _target(translation)
    if not actor.has_perm("advisory.translate", item):
        raise PermissionDenied
    text, title = (text or "").strip(), (title or "").strip()
    errors = {}
    if not text:
        errors["text"] = [_("Please write the translation.")]
    if (translation.concern_id or translation.recommendation_id) and not title:
        errors["title"] = [_("Please translate the title too.")]
    if errors:
        raise ValidationError(errors)
    changed = text != translation.text or title != translation.title
    translation.text, translation.title = text, title
    translation.translated_by = actor
    if changed:
        translation.is_machine = False
    translation.status = TranslationStatus.REVIEWED if reviewed else TranslationStatus.DRAFT
    translation.save()
    return translation
