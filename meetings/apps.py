from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and interpreters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the notice kinds, permissions and the sign-ups' interpreter demand
        # (also in processes without URLs).
        from cms.registry import register_demo_builder, register_websocket_routes
        from meetings import audio, demo, notifications, rules, selectors  # noqa: F401
        from meetings.public_comment import selectors as _comment_selectors  # noqa: F401
        from meetings.routing import websocket_urlpatterns

        register_websocket_routes("meetings", websocket_urlpatterns)
        register_demo_builder("meetings", demo.build, order=20)

        audio.register()

        from meetings import caching

        caching.connect()  # what makes the cached regions of its pages stale

        # Replies to meeting invitations by text message (the cms SMS dispatcher).
        from meetings import sms

        sms.register()
