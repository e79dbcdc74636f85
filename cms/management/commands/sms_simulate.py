"""Play a family's text conversation in the terminal, against the running database.

    python manage.py sms_simulate --phone +12025550147 --start vote

Each line typed is handled exactly as a text arriving at the webhook (stored, rate
limited, keywords, the conversation's question); the answers are printed with their
segment count and encoding instead of being sent. ``--start`` first sends the opening
question of a conversation (``vote``, ``concern`` or ``rsvp``) as the notices would.
"""

import sys
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cms.models import OutboundSms, User
from cms.sms_inbound.registry import STARTERS
from cms.sms_inbound.segments import count_segments
from cms.sms_inbound.services import (
    conversation_set,
    inbound_receive,
    normalise_sender,
    sms_queue,
)


class Command(BaseCommand):
    help = "Simulate a family's two-way text conversation (reads lines from standard input)."

    def add_arguments(self, parser):
        parser.add_argument("--phone", required=True, help="The family's number, e.g. +12025550147")
        parser.add_argument(
            "--start",
            choices=sorted(STARTERS),
            help="Send the opening question first: " + ", ".join(sorted(STARTERS)),
        )

    def handle(self, *args, phone: str, start: str | None = None, **options):
        phone = normalise_sender(phone)
        user = User.objects.filter(phone=phone).first()
        self.stdout.write(
            f"Texting as {phone} ({user.display_name}, {user.preferred_language})"
            if user
            else f"Texting as {phone} (no account has this number)"
        )
        # Answers are printed here, not sent to a gateway.
        with override_settings(SMS_BACKEND="cms.sms.LocmemBackend"):
            if start:
                self._start(user, phone, start)
            self.stdout.write("Type a message and press Enter (Ctrl-D to finish).")
            for line in sys.stdin:
                body = line.rstrip("\n")
                if not body.strip():
                    continue
                message = inbound_receive(
                    params={
                        "MessageSid": "SIM" + uuid.uuid4().hex,
                        "From": phone,
                        "To": "simulator",
                        "Body": body,
                    }
                )
                self.stdout.write(f"  [{message.get_status_display()}]")
                self._print(OutboundSms.objects.filter(in_reply_to=message))

    def _start(self, user: User | None, phone: str, key: str) -> None:
        if user is None:
            raise CommandError("No account has this number; --start needs one.")
        started = STARTERS[key].start(user)
        if started is None:
            raise CommandError(f"Nothing is open for {user} to answer ({key}).")
        messages, (handler, data) = started
        with transaction.atomic():
            conversation_set(phone=phone, user=user, handler=handler, data=data)
            sent = sms_queue(to=phone, messages=messages, user=user)
        self._print(sent)

    def _print(self, messages) -> None:
        for outbound in messages:
            count = count_segments(outbound.body)
            self.stdout.write(
                f"< {outbound.body}\n  ({count.segments} segment{'s' if count.segments != 1 else ''}, "
                f"{count.encoding}, {count.units} units)"
            )
