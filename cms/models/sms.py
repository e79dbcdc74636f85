"""Two-way text messages: every inbound message as it arrived (stored before it is read),
the replies sent, the conversation state per phone number, and who said STOP.

Privacy: a phone number and what the family typed, nothing more. Messages are visible to
the facilitators of the sender's groups (the inbox). Field names are not translated: these
models have no editing screens; the statuses people see are.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not read yet")
    PROCESSING = "processing", _("Being read")
    HANDLED = "handled", _("Understood and answered")
    UNPARSED = "unparsed", _("Not understood")
    RATE_LIMITED = "limited", _("Too many messages at once")
    UNKNOWN = "unknown", _("From an unknown number")
    OPTED_OUT = "opted_out", _("Received after STOP")
    RESOLVED = "resolved", _("Dealt with by a facilitator")


class InboundSms(models.Model):
    """One text message from a family, kept exactly as it arrived."""

    message_sid = models.CharField("provider message id", max_length=64, unique=True)
    from_phone = models.CharField("from", max_length=32, db_index=True)
    to_phone = models.CharField("to", max_length=32, blank=True)
    body = models.TextField("text", blank=True)
    raw = models.JSONField("as received", default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="person",
    )
    language = models.CharField("language", max_length=12, blank=True)
    status = models.CharField(
        "status", max_length=12, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    handler = models.CharField("understood as", max_length=40, blank=True)
    note = models.CharField("note", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dealt with by",
    )
    resolved_at = models.DateTimeField("dealt with", null=True, blank=True)
    received_at = models.DateTimeField("received", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "text message received"
        verbose_name_plural = "text messages received"
        indexes = [models.Index(fields=["status", "received_at"], name="inbound_sms_status_idx")]

    def __str__(self) -> str:
        return f"{self.from_phone}: {self.body[:40]}"


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundSms(models.Model):
    """A text sent in a conversation (an answer, a question, a facilitator's reply)."""

    to_phone = models.CharField("to", max_length=32, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField("text")
    encoding = models.CharField("encoding", max_length=8)
    segments = models.PositiveSmallIntegerField("segments")
    in_reply_to = models.ForeignKey(
        InboundSms, on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="written by",
    )
    status = models.CharField(
        "status", max_length=8, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    provider_id = models.CharField("provider message id", max_length=64, blank=True)
    error = models.CharField("error", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "text message sent"
        verbose_name_plural = "text messages sent"

    def __str__(self) -> str:
        return f"{self.to_phone}: {self.body[:40]}"


class SmsConversation(models.Model):
    """What the last question to a phone number was, so that a reply such as "1" can be
    read. Expires: an old question is not answered by a new message."""

    phone = models.CharField("phone", max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    handler = models.CharField("question", max_length=40)
    data = models.JSONField("details", default=dict)
    expires_at = models.DateTimeField("expires")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "text conversation"
        verbose_name_plural = "text conversations"

    def __str__(self) -> str:
        return f"{self.phone}: {self.handler}"


class SmsOptOut(models.Model):
    """A phone number that replied STOP (or its translation): no text goes to it until it
    replies START. The row is the record carriers ask for."""

    phone = models.CharField("phone", max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    keyword = models.CharField("keyword", max_length=40)
    created_at = models.DateTimeField("stopped", auto_now_add=True)

    class Meta:
        verbose_name = "text messages stopped"
        verbose_name_plural = "text messages stopped"

    def __str__(self) -> str:
        return self.phone
