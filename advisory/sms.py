"""Taking part in the advisory cycle by text message.

- **Concerns**: when a round opens for concerns, members who get texts are asked to reply
  with their concern; the reply becomes a concern in their language through
  ``concern_submit`` (translations requested as for the web) and they get a short link.
- **Votes**: when voting opens they get the top concerns as numbered lines, in their
  language (a person's translation where there is one, else the original marked with its
  language); "2 5 5" puts one dot on 2 and two on 5. The reply goes through the same
  ``ballot_cast`` as the web (budget, per-concern limit, one ballot per member, locking),
  and the ballot is read back. A new reply replaces the ballot; "0" takes every dot back.

Registered with the cms SMS dispatcher from ``AdvisoryConfig.ready()``.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
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
from cms.models import User
from cms.notifications import register_kind
from cms.sms import SMS_MAX_LENGTH
from cms.sms_inbound.links import short_url
from cms.sms_inbound.registry import (
    KEEP,
    Inbound,
    Reply,
    register_handler,
    register_prompt,
    register_short_link,
    register_starter,
)
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


def ballot_order(round: Round) -> list[int]:
    from advisory.services.cycle import ranking_queryset

    return list(ranking_queryset(round).values_list("pk", flat=True)[:BALLOT_SIZE])


def ballot_lines(order: list[int], language: str) -> list[str]:
    concerns = list(Concern.objects.filter(pk__in=order, status=ConcernStatus.VISIBLE))
    titles = concern_titles(concerns, language)
    return [
        f"{number}) {shorten_title(titles[pk])}"
        for number, pk in enumerate(order, start=1)
        if pk in titles
    ]


def shorten_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= TITLE_CHARS:
        return title
    cut = title[: TITLE_CHARS - 1]
    if " " in cut[TITLE_CHARS // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def ballot_messages(round: Round, order: list[int], language: str) -> list[str]:
    """The voting text: header, the numbered list, how to reply; split into messages of at
    most two segments each where the list is long."""
    with translation.override(language):
        lines = [
            vote_header(round.group.name, round.dot_budget, round.max_dots_per_concern),
            *ballot_lines(order, language),
            vote_how(),
        ]
        return split_to_segments(lines)


def _voting_context(language: str, context: dict) -> dict:
    """The notice of open voting: its text message carries the list itself (as many of
    the top concerns as fit in one text message)."""
    round = Round.objects.select_related("group").get(pk=context["round_id"])
    order = context.get("order") or ballot_order(round)
    header = vote_header(round.group.name, round.dot_budget, round.max_dots_per_concern)
    how = vote_how()
    lines = ballot_lines(order, language)
    room = SMS_MAX_LENGTH - len(header) - len(how) - 2
    listed = []
    for line in lines:
        if len(" ".join([*listed, line])) > room:
            break
        listed.append(line)
    return {
        "round": round,
        "group": round.group,
        "url": reverse("advisory:ballot", args=[round.group.slug, round.pk]),
        "sms_text": " ".join([header, *listed, how]),
    }


def _collecting_context(language: str, context: dict) -> dict:
    round = Round.objects.select_related("group").get(pk=context["round_id"])
    return {
        "round": round,
        "group": round.group,
        "url": reverse("advisory:round", args=[round.group.slug, round.pk]),
        "sms_text": ask_concern(round.group.name),
    }


register_kind(
    CONCERNS_OPEN,
    gettext_lazy("A round of my groups opens for concerns"),
    build=_collecting_context,
)
register_kind(VOTING_OPEN, gettext_lazy("Voting opens in my groups"), build=_voting_context)


def round_phase_notice(round: Round) -> None:
    """Tell the group a round opened for concerns or for voting (inside the phase change's
    transaction). Families who get texts can answer the text itself."""
    from advisory.selectors.groups import group_members
    from cms.notifications import notification_send

    if round.phase == Phase.COLLECTING:
        kind, handler, data = CONCERNS_OPEN, CONCERN, {"round": round.pk}
    elif round.phase == Phase.VOTING:
        order = ballot_order(round)
        kind, handler, data = VOTING_OPEN, VOTE, {"round": round.pk, "order": order}
    else:
        return
    notification_send(
        kind=kind,
        recipients=list(group_members(round.group)),
        context={"round_id": round.pk, **({"order": data["order"]} if "order" in data else {})},
        source_key=f"round:{round.pk}:{round.phase}",
        sms_conversation=(handler, data),
    )


# Handlers ----------------------------------------------------------------------------


def _concern_title(text: str) -> str:
    first = " ".join(text.split())
    return shorten_title(first)[:200]


def handle_concern(inbound: Inbound) -> Reply | None:
    from advisory.services.cycle import concern_submit

    text = inbound.text.strip()
    if not text or inbound.numbers is not None:
        return None
    round = Round.objects.select_related("group").filter(pk=inbound.data.get("round")).first()
    if round is None:
        return Reply([_("This round is closed.")], next=None)
    try:
        concern = concern_submit(
            actor=inbound.user,
            round=round,
            title=_concern_title(text),
            text=text[:5000],
            language=inbound.language,
        )
    except PermissionDenied:
        return Reply([_("Only the group's members can add a concern.")], next=None)
    except ValidationError as exc:
        return Reply([" ".join(exc.messages)], next=None)
    return Reply(
        [concern_saved(short_url("c", concern.pk))], next=None, note=f"concern {concern.pk}"
    )


def _concern_options(data: dict) -> str:
    return _("Reply to this text with your concern, in your own words.")


def handle_vote(inbound: Inbound) -> Reply | None:
    from advisory.services.cycle import ballot_cast

    round = Round.objects.select_related("group").filter(pk=inbound.data.get("round")).first()
    order = [int(pk) for pk in inbound.data.get("order", [])]
    if round is None:
        return Reply([_("Voting is not open in this round.")], next=None)
    if inbound.numbers is None:
        # Not numbers: send the list again with how to reply (and keep it in the inbox).
        return Reply(ballot_messages(round, order, inbound.language), understood=False)
    numbers = inbound.numbers
    if numbers == [0]:
        allocation: dict[int, int] = {}
    else:
        if any(not 1 <= n <= len(order) for n in numbers):
            return Reply([vote_not_on_list(len(order))], next=KEEP)
        counts = Counter(numbers)
        allocation = {order[n - 1]: c for n, c in counts.items()}
    try:
        ballot_cast(actor=inbound.user, round=round, allocation=allocation)
    except PermissionDenied:
        return Reply([_("Only the group's members can vote.")], next=None)
    except ValidationError as exc:
        if round.phase != Phase.VOTING or Round.objects.get(pk=round.pk).phase != Phase.VOTING:
            return Reply([" ".join(exc.messages)], next=None)
        return Reply([" ".join(exc.messages) + " " + vote_how()], next=KEEP)
    if not allocation:
        return Reply([vote_cleared()], next=KEEP, note="ballot cleared")
    counts = Counter(numbers)
    lines = "; ".join(vote_line(n, counts[n]) for n in sorted(counts))
    left = round.dot_budget - sum(counts.values())
    return Reply([vote_read_back(lines, left)], next=KEEP, note=f"ballot {sorted(numbers)}")


def _vote_options(data: dict) -> str:
    return vote_how()


# Starters (manage.py sms_simulate) and short links ------------------------------------------


def _member_round(user: User, phase: str) -> Round | None:
    from advisory.models import Membership, MembershipRole

    groups = Membership.objects.filter(user=user, role=MembershipRole.MEMBER).values("group")
    return (
        Round.objects.select_related("group")
        .filter(group__in=groups, phase=phase)
        .order_by("-created_at")
        .first()
    )


def start_concern(user: User):
    round = _member_round(user, Phase.COLLECTING)
    if round is None:
        return None
    with translation.override(user.preferred_language):
        return [ask_concern(round.group.name)], (CONCERN, {"round": round.pk})


def start_vote(user: User):
    round = _member_round(user, Phase.VOTING)
    if round is None:
        return None
    order = ballot_order(round)
    return ballot_messages(round, order, user.preferred_language), (
        VOTE,
        {"round": round.pk, "order": order},
    )


def _concern_path(pk: int) -> str:
    concern = Concern.objects.select_related("round__group").filter(pk=pk).first()
    if concern is None:
        return ""
    return reverse("advisory:concern", args=[concern.round.group.slug, concern.pk])


def _sample_lines() -> list[str]:
    return [
        "1) Bus stop is far and unsafe",
        "2) [es] Comida fría en el comedor",
        "3) Homework help in Somali",
    ]


def register() -> None:
    register_handler(CONCERN, handle_concern, _concern_options)
    register_handler(VOTE, handle_vote, _vote_options)
    register_starter("concern", "Raise a concern", start_concern)
    register_starter("vote", "Vote on the top concerns", start_vote)
    register_short_link("c", _concern_path)
    register_prompt("advisory.ask_concern", lambda: ask_concern("Lincoln Family Advisory"))
    register_prompt(
        "advisory.concern_saved", lambda: concern_saved("https://advisory.example.org/s/c2s/")
    )
    register_prompt("advisory.concern_options", lambda: _concern_options({}))
    register_prompt("advisory.vote_header", lambda: vote_header("Lincoln Family Advisory", 5, 3))
    register_prompt("advisory.vote_how", vote_how)
    register_prompt(
        "advisory.vote_read_back",
        lambda: vote_read_back("; ".join([vote_line(2, 1), vote_line(5, 2)]), 2),
    )
    register_prompt("advisory.vote_cleared", vote_cleared)
    register_prompt("advisory.vote_not_on_list", lambda: vote_not_on_list(9))
