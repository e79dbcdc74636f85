"""Audio summaries recorded by people: what can carry one (a registry the feature apps
fill from their ``AppConfig.ready()``, since ``cms`` never imports them), and the keys that
name an item in notices.

A feature registers a kind of item with::

    register_audio_target(
        key="recommendation",
        model=Recommendation,
        label=_("recommendation"),
        lookup=lambda user, pk: ...,      # the item, or None (a 404)
        may_listen=lambda user, item: ..., # who hears it
        record_perm="advisory.record_audio",
        title=lambda item, language: ...,
        url=lambda item, user: ...,       # the item's own page for this person
    )
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class AudioTarget:
    key: str
    model: type[models.Model]
    label: Promise
    # The item with this id as the person may manage it, or None (then the page is a 404).
    lookup: Callable[[object, int], models.Model | None] = field(compare=False)
    may_listen: Callable[[object, models.Model], bool] = field(compare=False)
    # One django-rules permission for recording, checking and deleting (asked with the item).
    record_perm: str
    title: Callable[[models.Model, str], str] = field(compare=False)
    url: Callable[[models.Model, object], str] = field(compare=False)  # (item, user)
    # The object the summaries hang on (a meeting's canonical page); the item by default.
    canonical: Callable[[models.Model], models.Model] = field(
        default=lambda item: item, compare=False
    )


_TARGETS: dict[str, AudioTarget] = {}


def register_audio_target(**kwargs) -> AudioTarget:
    target = AudioTarget(**kwargs)
    _TARGETS[target.key] = target
    return target


def audio_target(key: str) -> AudioTarget | None:
    return _TARGETS.get(key)


def audio_target_for(item: models.Model) -> AudioTarget | None:
    """The registration for an item's model (a subclass of a registered model counts)."""
    for target in _TARGETS.values():
        if isinstance(item, target.model):
            return target
    return None


def audio_key(item: models.Model) -> str:
    """``"<kind>:<id>"``: names an item in a notice's context (JSON, so a scheduled notice
    keeps it), e.g. ``"recommendation:12"``."""
    target = audio_target_for(item)
    if target is None:
        raise ValueError(f"{type(item).__name__} cannot carry an audio summary")
    return f"{target.key}:{target.canonical(item).pk}"
