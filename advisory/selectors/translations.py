from django.db.models import Q, QuerySet

from advisory.models import ContentTranslation, MembershipRole, TranslationStatus
from cms.roles import Role, has_role


def translation_queue(user, language: str | None = None) -> QuerySet[ContentTranslation]:
    """Translations waiting for a person: requested first, then machine or human drafts.
    Interpreters see every group's; facilitators their own groups'."""
    qs = ContentTranslation.objects.filter(
        status__in=[TranslationStatus.REQUESTED, TranslationStatus.DRAFT]
    ).select_related(
        "concern__round__group", "comment__concern__round__group", "recommendation__group"
    )
    if not (has_role(user, Role.INTERPRETER) or has_role(user, Role.ADMIN)):
        groups = user.memberships.filter(role=MembershipRole.FACILITATOR).values("group")
        qs = qs.filter(
            Q(concern__round__group__in=groups)
            | Q(comment__concern__round__group__in=groups)
            | Q(recommendation__group__in=groups)
        )
    if language:
        qs = qs.filter(language=language)
    return qs.order_by("-status", "created_at", "pk")


def translations_with_item() -> QuerySet[ContentTranslation]:
    """Translations with what they translate and its group, for the translator's page."""
    return ContentTranslation.objects.select_related(
        "concern__round__group", "comment__concern__round__group", "recommendation__group"
    )
