"""The texts of taking part by SMS in the advisory cycle (each within two segments; see
tests/cms/test_sms_text.py), the concern list of a voting text in the reader's language,
and the notices that open a conversation when a round opens for concerns or for voting.

No services are imported here, so ``round_advance`` can call :func:`round_phase_notice`
without an import circle; the handlers that call services are in ``advisory.sms``.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from advisory.models import (
    Concern,
    ConcernStatus,
    ContentTranslation,
    Phase,
    Round,
    TranslationStatus,
)
from advisory.selectors.cycle import ranking_queryset
from cms.notifications import notification_send, register_kind
from cms.sms import SMS_MAX_LENGTH, fit
from cms.sms_inbound.segments import split_to_segments

CONCERN = "advisory.concern"
VOTE = "advisory.vote"
CONCERNS_OPEN = "advisory.concerns_open"
VOTING_OPEN = "advisory.voting_open"
# Concerns listed in a voting text: single digits are easiest to type.
BALLOT_SIZE = 9
TITLE_CHARS = 40

# Texts (each within two segments; see tests/cms/test_sms_segments.py) ----------------------


def ask_concern(group: str) -> str:
    return _("%(group)s: what worries you about school? Reply to this text with your concern.") % {
        "group": group
    }


def concern_saved(link: str) -> str:
    return _(
        "Thank you, your concern is saved: %(link)s Members will read it in their language."
    ) % {"link": link}


def vote_header(group: str, budget: int, most: int) -> str:
    return _("%(group)s: voting is open. You have %(budget)s dots, at most %(most)s on one.") % {
        "group": group,
        "budget": budget,
        "most": most,
    }


def vote_how() -> str:
    return _("Reply with numbers: 2 5 5 = 1 dot on 2 and 2 dots on 5. Reply 0 to take them back.")


def vote_read_back(lines: str, left: int) -> str:
    return ngettext(
        "Your vote is saved: %(lines)s. %(left)s dot left. A new reply replaces it.",
        "Your vote is saved: %(lines)s. %(left)s dots left. A new reply replaces it.",
        left,
    ) % {"lines": lines, "left": left}


def vote_line(number: int, dots: int) -> str:
    return ngettext("%(number)s: %(dots)s dot", "%(number)s: %(dots)s dots", dots) % {
        "number": number,
        "dots": dots,
    }


def vote_cleared() -> str:
    return _("Your dots are taken back. Reply with numbers to vote again.")


def vote_not_on_list(count: int) -> str:
    return _("Please use the numbers of the list, from 1 to %(count)s.") % {"count": count}


# Concern titles in the reader's language -----------------------------------------------


def concern_titles(concerns: list[Concern], language: str) -> dict[int, str]:
    """Each concern's title for a reader: the original when it is in their language, a
    person's translation where there is one, else the original marked with its language
    (a machine draft is not used). Two queries for any number of concerns."""
    people = ContentTranslation.objects.filter(
        concern__in=concerns, language=language, title__gt=""
    ).filter(
        Q(status=TranslationStatus.REVIEWED) | Q(status=TranslationStatus.DRAFT, is_machine=False)
    )
    translated = dict(people.values_list("concern_id", "title"))
    titles = {}
    for concern in concerns:
        if concern.language == language:
            titles[concern.pk] = concern.title
        elif concern.pk in translated:
            titles[concern.pk] = translated[concern.pk]
        else:
            titles[concern.pk] = f"[{concern.language}] {concern.title}"
    return titles


def ballot_order(round_: Round) -> list[int]:
    return list(ranking_queryset(round_).values_list("pk", flat=True)[:BALLOT_SIZE])


def ballot_lines(order: list[int], language: str) -> list[str]:
    concerns = list(Concern.objects.filter(pk__in=order, status=ConcernStatus.VISIBLE))
    titles = concern_titles(concerns, language)
    return [
        f"{number}) {fit(titles[pk], TITLE_CHARS)}"
        for number, pk in enumerate(order, start=1)
        if pk in titles
    ]


def ballot_messages(round_: Round, order: list[int], language: str) -> list[str]:
    """The voting text: header, the numbered list, how to reply; split into messages of at
    most two segments each where the list is long."""
    with translation.override(language):
        lines = [
            vote_header(round_.group.name, round_.dot_budget, round_.max_dots_per_concern),
            *ballot_lines(order, language),
            vote_how(),
        ]
        return split_to_segments(lines)


def _voting_context(language: str, context: dict) -> dict:
    """The notice of open voting: its text message carries the list itself (as many of
    the top concerns as fit in one text message)."""
    round_ = Round.objects.select_related("group").get(pk=context["round_id"])
    order = context.get("order") or ballot_order(round_)
    header = vote_header(round_.group.name, round_.dot_budget, round_.max_dots_per_concern)
    how = vote_how()
    lines = ballot_lines(order, language)
    room = SMS_MAX_LENGTH - len(header) - len(how) - 2
    listed = []
    for line in lines:
        if len(" ".join([*listed, line])) > room:
            break
        listed.append(line)
    return {
        "round": round_,
        "group": round_.group,
        "url": reverse("advisory:ballot", args=[round_.group.slug, round_.pk]),
        "sms_text": " ".join([header, *listed, how]),
    }


def _collecting_context(language: str, context: dict) -> dict:
    round_ = Round.objects.select_related("group").get(pk=context["round_id"])
    return {
        "round": round_,
        "group": round_.group,
        "url": reverse("advisory:round", args=[round_.group.slug, round_.pk]),
        "sms_text": ask_concern(round_.group.name),
    }


register_kind(
    CONCERNS_OPEN,
    gettext_lazy("A round of my groups opens for concerns"),
    build=_collecting_context,
)
register_kind(VOTING_OPEN, gettext_lazy("Voting opens in my groups"), build=_voting_context)


def round_phase_notice(round_: Round) -> None:
    """Tell the group a round opened for concerns or for voting (inside the phase change's
    transaction). Families who get texts can answer the text itself."""
    from advisory.selectors.groups import group_members

    if round_.phase == Phase.COLLECTING:
        kind, handler, data = CONCERNS_OPEN, CONCERN, {"round": round_.pk}
    elif round_.phase == Phase.VOTING:
        order = ballot_order(round_)
        kind, handler, data = VOTING_OPEN, VOTE, {"round": round_.pk, "order": order}
    else:
        return
    notification_send(
        kind=kind,
        recipients=list(group_members(round_.group)),
        context={"round_id": round_.pk, **({"order": data["order"]} if "order" in data else {})},
        source_key=f"round:{round_.pk}:{round_.phase}",
        sms_conversation=(handler, data),
    )
