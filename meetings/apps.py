from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and interpreters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the notice kinds and permissions (also in processes without URLs).
        # The school board section sits under the home page. HomePage lives in cms/ and
        # lists its own children; add ours here rather than have cms import meetings.
        from cms.models import HomePage
        from meetings import notifications, rules  # noqa: F401

        if "meetings.BoardIndexPage" not in HomePage.subpage_types:
            HomePage.subpage_types = [*HomePage.subpage_types, "meetings.BoardIndexPage"]
