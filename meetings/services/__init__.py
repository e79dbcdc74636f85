"""Writes for meetings, by task: replies (``rsvp``), interpreter slots and claims
(``slots``), the interpreter roster (``interpreters``). Each checks permission itself,
refuses bad input with a translated ValidationError and changes nothing when it refuses.
Import them from here."""

from meetings.services.interpreters import (
    interpreter_availability_set,
    interpreter_language_declare,
    interpreter_language_verify,
)
from meetings.services.rsvp import ACCESS_NEEDS_MAX, CHILDREN_MAX, rsvp_set
from meetings.services.slots import (
    claim_unassign,
    release_cutoff,
    slot_assign,
    slot_claim,
    slot_create,
    slot_delete,
    slot_release,
    slots_propose,
)

__all__ = [
    "ACCESS_NEEDS_MAX",
    "CHILDREN_MAX",
    "claim_unassign",
    "interpreter_availability_set",
    "interpreter_language_declare",
    "interpreter_language_verify",
    "release_cutoff",
    "rsvp_set",
    "slot_assign",
    "slot_claim",
    "slot_create",
    "slot_delete",
    "slot_release",
    "slots_propose",
]
