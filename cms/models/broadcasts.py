"""Notices to a whole audience (an announcement to every family of a district, 50,000
people in ten languages): fanned out and sent in batches by the task worker.

A broadcast is prepared in batches (inbox entries and deliveries for the next recipients
after ``cursor``), and its deliveries are sent in batches per channel, throttled per
channel by a token bucket in ``DeliveryThrottle`` that all workers share. See
``cms/broadcasts.py`` for the states and what happens after a worker crashes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BroadcastState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    PREPARING = "preparing", _("Preparing")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")


class Broadcast(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    audience = models.CharField(_("audience"), max_length=60)
    audience_params = models.JSONField(default=dict, blank=True)
    context = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    source_key = models.CharField(_("source"), max_length=120, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=BroadcastState.choices, default=BroadcastState.SCHEDULED
    )
    # The last recipient (by primary key) whose inbox entry and deliveries exist.
    cursor = models.BigIntegerField(default=0)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Touched by every batch: a broadcast whose worker stopped shows an old heartbeat.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        indexes = [models.Index(fields=["state", "send_at"], name="broadcast_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_state_display()})"


class DeliveryThrottle(models.Model):
    """The token bucket of one channel, shared by every worker: ``tokens`` left at
    ``refilled_at`` (seconds since the epoch); it refills at the channel's rate per
    second up to one second's worth."""

    channel = models.CharField(max_length=8, unique=True)
    tokens = models.FloatField(default=0)
    refilled_at = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.channel
