"""The inbox of a group's text messages that need a person."""

from django.db.models import Prefetch, QuerySet

from advisory.models import AdvisoryGroup, Phase, Round
from cms.models import InboundSms, InboundStatus, OutboundSms

NEEDS_A_PERSON = [InboundStatus.UNPARSED, InboundStatus.RATE_LIMITED, InboundStatus.OPTED_OUT]


def sms_inbox(group: AdvisoryGroup, *, limit: int = 100) -> QuerySet[InboundSms]:
    """Messages from the group's members nobody's program understood, newest first, with
    the sender and the answers sent (three queries for any number of messages)."""
    return (
        InboundSms.objects.filter(user__memberships__group=group, status__in=NEEDS_A_PERSON)
        .select_related("user")
        .prefetch_related(
            Prefetch("replies", queryset=OutboundSms.objects.order_by("created_at", "pk"))
        )
        .order_by("-received_at", "-pk")[:limit]
    )


def sms_inbox_message(group: AdvisoryGroup, pk: int) -> InboundSms | None:
    """One message of the group's inbox that still needs a person, or None."""
    return (
        InboundSms.objects.filter(pk=pk, user__memberships__group=group, status__in=NEEDS_A_PERSON)
        .select_related("user")
        .first()
    )


def collecting_rounds(group: AdvisoryGroup) -> QuerySet[Round]:
    """The group's rounds a text can be turned into a concern of."""
    return Round.objects.filter(group=group, phase=Phase.COLLECTING).order_by("-created_at")
