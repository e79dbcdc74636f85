from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "advisory"
    verbose_name = _("Advisory groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the notice kinds (also in processes that never load the URLs).
        from advisory import (
            caching,
            notifications,  # noqa: F401
        )
        from advisory.services import cycle, polls  # noqa: F401

        caching.connect()

        from advisory import extensions
        from advisory.selectors import pages  # noqa: F401  (page context builders)

        extensions.register()

        from advisory import audio

        audio.register()

        # Concerns and votes by text message (the cms SMS dispatcher).
        from advisory import sms

        sms.register()
