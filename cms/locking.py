"""Row locks beyond what Django's ``select_for_update`` says.

Django can lock rows FOR UPDATE (exclusive) but not FOR SHARE. A shared lock lets many
transactions hold the same row at once while keeping out anyone who wants to change it:
every ballot of a round holds the round FOR SHARE, so ballots of different members run
side by side, while closing the round (FOR UPDATE) waits for the ballots in flight and
every ballot after it sees the round closed.

On PostgreSQL these are real row locks; on SQLite (the demo database) a writing
transaction already holds the whole database, so the helpers read the rows plainly.
"""

from __future__ import annotations

import random
from typing import TypeVar

from django.db import connections, models
from django.db.transaction import TransactionManagementError, get_connection

M = TypeVar("M", bound=models.Model)


def _in_transaction(using: str) -> None:
    if not get_connection(using).in_atomic_block:
        raise TransactionManagementError("A row lock is only held inside transaction.atomic().")


def select_for_share(queryset: models.QuerySet[M], *, key_share: bool = False) -> list[M]:
    """The rows of ``queryset``, read under a shared row lock (``FOR SHARE``, or the
    weaker ``FOR KEY SHARE``, which only keeps out deletes and ``FOR UPDATE``) held until
    the transaction ends. Use a simple queryset on one table: the lock covers every
    table in its FROM clause."""
    using = queryset.db
    _in_transaction(using)
    if connections[using].vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    clause = "FOR KEY SHARE" if key_share else "FOR SHARE"
    return list(queryset.model._default_manager.db_manager(using).raw(f"{sql} {clause}", params))


# Lanes ----------------------------------------------------------------------------------

LANE_NAMESPACE = 0x50430000  # first key of the advisory locks below ("PC" for lanes)


def lane_take(*, key: int, lanes: int, using: str = "default") -> int | None:
    """Take one of ``lanes`` transaction-scoped advisory locks of ``key`` (PostgreSQL),
    so that at most ``lanes`` transactions of the same ``key`` are in flight at once:
    a free lane if there is one, otherwise wait for a random one. Released when the
    transaction (or the savepoint it was taken in) ends. Returns the lane, or None on a
    database without advisory locks."""
    _in_transaction(using)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    order = random.sample(range(lanes), lanes)
    key = int(key) % 2**31  # the two-key form takes int4 keys; a shared lane is harmless
    with connection.cursor() as cursor:
        for lane in order:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LANE_NAMESPACE + lane, key])
            if cursor.fetchone()[0]:
                return lane
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LANE_NAMESPACE + order[0], key])
    return order[0]
