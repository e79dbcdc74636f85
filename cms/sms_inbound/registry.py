"""How feature apps plug into two-way SMS without cms importing them.

A feature registers, from its ``AppConfig.ready()``:

- a **handler** per question it asks (``register_handler("meetings.rsvp", handle)``): it is
  called with an :class:`Inbound` when a reply arrives while that question is the phone's
  current conversation, and answers with a :class:`Reply` (or ``None`` when it did not
  understand, which leaves the message in the facilitators' inbox);
- a **starter** (``register_starter``): the first question of a conversation for one
  person, used by ``manage.py sms_simulate`` and by the features' own notices;
- **prompts** (``register_prompt``): sample renderings of every question it sends, so a
  test can check each one fits in two segments in every language;
- **short links** (``register_short_link``): ``/s/<prefix><id>/`` redirects to the object's
  page, so a confirmation text can carry a link that fits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Inbound:
    """One message from a known family, as the handler sees it."""

    message: Any  # cms.models.InboundSms
    user: Any  # cms.models.User
    language: str
    text: str
    numbers: list[int] | None
    data: dict


@dataclass
class Reply:
    messages: list[str]
    # The next question (handler key and its data), or None to end the conversation;
    # KEEP leaves the current one as it is.
    next: tuple[str, dict] | None | str = "keep"
    note: str = ""
    # False: the message was not understood (it waits in the inbox); the family gets
    # "sorry, we did not understand" with the question's options, then these messages.
    understood: bool = True


KEEP = "keep"


@dataclass(frozen=True)
class Handler:
    key: str
    handle: Callable[[Inbound], Reply | None]
    # "What you can reply" for this question, in the active language.
    options: Callable[[dict], str]


@dataclass(frozen=True)
class Starter:
    key: str
    label: str
    # (user) -> (messages, (handler, data)) or None when nothing is open for the person.
    start: Callable[[Any], tuple[list[str], tuple[str, dict]] | None]


HANDLERS: dict[str, Handler] = {}
STARTERS: dict[str, Starter] = {}
PROMPTS: dict[str, Callable[[], str]] = {}
SHORT_LINKS: dict[str, Callable[[int], str]] = {}


def register_handler(
    key: str, handle: Callable[[Inbound], Reply | None], options: Callable[[dict], str]
) -> None:
    HANDLERS[key] = Handler(key=key, handle=handle, options=options)


def register_starter(key: str, label: str, start: Callable) -> None:
    STARTERS[key] = Starter(key=key, label=label, start=start)


def register_prompt(key: str, render: Callable[[], str]) -> None:
    PROMPTS[key] = render


def register_short_link(prefix: str, resolve: Callable[[int], str]) -> None:
    """``resolve(id)`` returns the path of the object (in the active language) or ""."""
    SHORT_LINKS[prefix] = resolve
