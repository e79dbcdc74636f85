"""Notifications: an in-app inbox entry for every notice, and a delivery record per channel.

Text is rendered once, in the recipient's language, when the notice is created; what was
sent is what the person sees in their inbox. Deliveries record every attempt's outcome.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    language = models.CharField(_("language"), max_length=12)
    line = models.CharField(_("inbox line"), max_length=300)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sms_text = models.CharField(_("text message"), max_length=320, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # A summary recorded by a person in the recipient's language, when the item has one.
    audio_url = models.CharField(_("audio summary"), max_length=500, blank=True)
    source_key = models.CharField(_("source"), max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    broadcast = models.ForeignKey(
        "cms.Broadcast",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]
        constraints = [
            # A broadcast reaches each person once, however often its batch is retried.
            models.UniqueConstraint(
                fields=["broadcast", "recipient"],
                condition=models.Q(broadcast__isnull=False),
                name="one_notification_per_broadcast_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.line


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    CLAIMED = "claimed", _("Taken by a worker")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")
    UNKNOWN = "unknown", _("Not confirmed")


# What a text not sent because its number replied STOP records as its error (a delivery's
# last_error, an outbound text's error); the sender's progress counts these apart.
OPTED_OUT_ERROR = "the number replied STOP"

# Still to be sent (or being sent, or waiting to retry).
OPEN_DELIVERY_STATUSES = [
    DeliveryStatus.QUEUED,
    DeliveryStatus.CLAIMED,
    DeliveryStatus.SENDING,
    DeliveryStatus.RETRYING,
]


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=DeliveryChannel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copied from the notification for a broadcast's deliveries, so its batches are
    # claimed and its progress counted per channel and language without a join.
    broadcast = models.ForeignKey(
        "cms.Broadcast", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=12, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["broadcast", "channel", "status"], name="delivery_broadcast_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_status_display()}"


class NotificationMute(models.Model):
    """A kind of notice a person chose not to receive by email or SMS (the inbox keeps it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_mutes"
    )
    kind = models.CharField(_("kind"), max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_mute_per_kind"),
        ]

    def __str__(self) -> str:
        return self.kind


class ScheduledNotice(models.Model):
    """A notice to send at a set time (reminders before meetings and deadlines). The
    ``send_reminders`` command, run from cron or a scheduler, sends the ones that are due."""

    kind = models.CharField(_("kind"), max_length=60)
    send_at = models.DateTimeField(_("send at"), db_index=True)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    context = models.JSONField(_("context"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    source_key = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("What created this reminder, so it can be replaced when dates change."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["send_at", "id"]
        verbose_name = _("scheduled notice")
        verbose_name_plural = _("scheduled notices")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.send_at:%Y-%m-%d %H:%M}"
