from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    # The default config of "cms" (this module also defines the Wagtail users config, so
    # Django would otherwise fall back to a bare AppConfig and never run ready()).
    default = True
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate

        from cms import (
            fragments,
            selectors,  # noqa: F401  (page context builders register themselves)
        )
        from cms.languages import register_extra_languages
        from cms.models import AudioSummary
        from cms.signals import delete_audio_file, sync_locales
        from cms.sms_inbound.services import register_core_prompts

        register_extra_languages()
        register_core_prompts()  # HELP, STOP, START and "not understood", every language
        post_migrate.connect(sync_locales, sender=self)
        post_delete.connect(delete_audio_file, sender=AudioSummary)
        fragments.connect()


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (no first/last name)."""

    user_viewset = "cms.viewsets.UserViewSet"
