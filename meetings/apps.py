from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and interpreters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the notice kinds and permissions (also in processes without URLs).
        from meetings import notifications, rules  # noqa: F401
