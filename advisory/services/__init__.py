"""Writes for advisory groups, by area. Each service checks permission itself and runs in a
transaction; import them from here."""

from advisory.services.announcements import announcement_send, announcement_unconfirmed_resend

__all__ = ["announcement_send", "announcement_unconfirmed_resend"]
