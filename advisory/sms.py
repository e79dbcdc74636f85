"""Taking part in the advisory cycle by text message.

- **Concerns**: when a round opens for concerns, members who get texts are asked to reply
  with their concern; the reply becomes a concern in their language through
  ``concern_submit`` (translations requested as for the web) and they get a short link.
- **Votes**: when voting opens they get the top concerns as numbered lines, in their
  language (a person's translation where there is one, else the original marked with its
  language); "2 5 5" puts one dot on 2 and two on 5. The reply goes through the same
  ``ballot_cast`` as the web (budget, per-concern limit, one ballot per member, locking),
  and the ballot is read back. A new reply replaces the ballot; "0" takes every dot back.

The texts and notices are in ``advisory.sms_texts``. Registered with the cms SMS
dispatcher from ``AdvisoryConfig.ready()``.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from advisory.models import Concern, Phase, Round
from advisory.services.cycle import ballot_cast, concern_submit
from advisory.sms_texts import (
    CONCERN,
    TITLE_CHARS,
    VOTE,
    ask_concern,
    ballot_messages,
    ballot_order,
    concern_saved,
    vote_cleared,
    vote_header,
    vote_how,
    vote_line,
    vote_not_on_list,
    vote_read_back,
)
from cms.models import User
from cms.sms import fit
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

# Handlers ----------------------------------------------------------------------------


def _concern_title(text: str) -> str:
    return fit(text, TITLE_CHARS)


def handle_concern(inbound: Inbound) -> Reply | None:
    text = inbound.text.strip()
    if not text or inbound.numbers is not None:
        return None
    round_ = Round.objects.select_related("group").filter(pk=inbound.data.get("round")).first()
    if round_ is None:
        return Reply([_("This round is closed.")], next=None)
    try:
        concern = concern_submit(
            actor=inbound.user,
            round_=round_,
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
    round_ = Round.objects.select_related("group").filter(pk=inbound.data.get("round")).first()
    order = [int(pk) for pk in inbound.data.get("order", [])]
    if round_ is None:
        return Reply([_("Voting is not open in this round.")], next=None)
    if inbound.numbers is None:
        # Not numbers: send the list again with how to reply (and keep it in the inbox).
        return Reply(ballot_messages(round_, order, inbound.language), understood=False)
    numbers = inbound.numbers
    if numbers == [0]:
        allocation: dict[int, int] = {}
    else:
        if any(not 1 <= n <= len(order) for n in numbers):
            return Reply([vote_not_on_list(len(order))], next=KEEP)
        counts = Counter(numbers)
        allocation = {order[n - 1]: c for n, c in counts.items()}
    try:
        ballot_cast(actor=inbound.user, round_=round_, allocation=allocation)
    except PermissionDenied:
        return Reply([_("Only the group's members can vote.")], next=None)
    except ValidationError as exc:
        if round_.phase != Phase.VOTING or Round.objects.get(pk=round_.pk).phase != Phase.VOTING:
            return Reply([" ".join(exc.messages)], next=None)
        return Reply([" ".join(exc.messages) + " " + vote_how()], next=KEEP)
    if not allocation:
        return Reply([vote_cleared()], next=KEEP, note="ballot cleared")
    counts = Counter(numbers)
    lines = "; ".join(vote_line(n, counts[n]) for n in sorted(counts))
    left = round_.dot_budget - sum(counts.values())
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
    round_ = _member_round(user, Phase.COLLECTING)
    if round_ is None:
        return None
    with translation.override(user.preferred_language):
        return [ask_concern(round_.group.name)], (CONCERN, {"round": round_.pk})


def start_vote(user: User):
    round_ = _member_round(user, Phase.VOTING)
    if round_ is None:
        return None
    order = ballot_order(round_)
    return ballot_messages(round_, order, user.preferred_language), (
        VOTE,
        {"round": round_.pk, "order": order},
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
