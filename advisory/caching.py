"""Rendered fragments of the busiest advisory pages, cached by round *generation*.

Each round has a generation token in the cache (a topic of cms/fragments.py). Anything that
changes what its concern list or results show (a concern, a support, a comment, a
translation, a topic, a ballot, a phase) replaces the token when it is written and again
after the write commits, so every fragment cached under the old
token is simply never read again. Nothing is ever invalidated by key, which keeps this
correct across workers with Redis as the cache, and a lost token only costs a re-render.
The database stays the truth: a fragment holds only what was rendered from it.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from cms import fragments

TIMEOUT = fragments.TIMEOUT


def round_topic(round_id: int) -> str:
    return f"advisory:round:{round_id}"


def round_generation(round_id: int) -> str:
    return fragments.generation(round_topic(round_id))


def people_generation() -> str:
    """Replaced whenever a person's account changes (a new display name, say), for the
    cached page skeletons that carry authors' names (cms/fragments.py)."""
    return fragments.generation(fragments.PEOPLE)


def fragment_key(round_id: int, gen: str, *parts) -> str:
    return ":".join(["advisory:frag", str(round_id), gen, *map(str, parts)])


def round_changed(round_id: int | None) -> None:
    """A new generation now and again once the current transaction commits."""
    if round_id is not None:
        fragments.changed(round_topic(round_id))


# Writes that change what the pages show ---------------------------------------------------


def _concern_round(concern_id: int | None) -> int | None:
    from advisory.models import Concern

    if concern_id is None:
        return None
    return Concern.objects.filter(pk=concern_id).values_list("round_id", flat=True).first()


def _on_round(sender, instance, **kwargs) -> None:
    round_changed(instance.pk)


def _on_concern(sender, instance, **kwargs) -> None:
    round_changed(instance.round_id)


def _on_concern_child(sender, instance, **kwargs) -> None:
    # The services save supports and comments with their concern in hand: no query then.
    if sender._meta.get_field("concern").is_cached(instance):
        round_changed(instance.concern.round_id)
    else:
        round_changed(_concern_round(instance.concern_id))


def _on_translation(sender, instance, **kwargs) -> None:
    concern_id = instance.concern_id
    if concern_id is None and instance.comment_id is not None:
        from advisory.models import Comment

        concern_id = (
            Comment.objects.filter(pk=instance.comment_id)
            .values_list("concern_id", flat=True)
            .first()
        )
    round_changed(_concern_round(concern_id))


def _on_topics(sender, instance, action, **kwargs) -> None:
    from advisory.models import Concern

    if action.startswith("post_") and isinstance(instance, Concern):
        round_changed(instance.round_id)


# The leaders' queues (cms/fragments.py): one generation for all, since a recommendation
# reaches several leaders and changes far less often than leaders read their queue.
RECOMMENDATIONS = "advisory:recommendations"


def _on_recommendations(sender, instance=None, **kwargs) -> None:
    if getattr(instance, "recommendation_id", True) is None:
        return  # a translation of a concern or a comment
    fragments.changed(RECOMMENDATIONS)


def _connect_recommendations() -> None:
    from advisory.models import (
        AdvisoryGroup,
        Answer,
        AnswerState,
        ContentTranslation,
        Recommendation,
    )

    for signal in (post_save, post_delete):
        kind = "save" if signal is post_save else "delete"
        for model in (Recommendation, Answer, AnswerState, ContentTranslation, AdvisoryGroup):
            signal.connect(
                _on_recommendations, sender=model, dispatch_uid=f"advisory-frag-{kind}-{model}"
            )
    m2m_changed.connect(
        _on_recommendations,
        sender=Recommendation.leaders.through,
        dispatch_uid="advisory-frag-leaders",
    )


def connect() -> None:
    from advisory.models import Comment, Concern, ContentTranslation, Round, Support

    post_save.connect(_on_round, sender=Round, dispatch_uid="advisory-cache-round")
    for signal in (post_save, post_delete):
        uid = f"advisory-cache-{signal is post_save}"
        signal.connect(_on_concern, sender=Concern, dispatch_uid=f"{uid}-concern")
        signal.connect(_on_concern_child, sender=Support, dispatch_uid=f"{uid}-support")
        signal.connect(_on_concern_child, sender=Comment, dispatch_uid=f"{uid}-comment")
        signal.connect(_on_translation, sender=ContentTranslation, dispatch_uid=f"{uid}-tr")
    m2m_changed.connect(
        _on_topics, sender=Concern.topics.through, dispatch_uid="advisory-cache-topics"
    )
    _connect_recommendations()
