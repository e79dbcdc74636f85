from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and interpreters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the notice kinds, permissions and the sign-ups' interpreter demand
        # (also in processes without URLs).
        # Replies to meeting invitations by text message (the cms SMS dispatcher).
        from meetings import comment_selectors, notifications, rules, sms  # noqa: F401

        sms.register()
