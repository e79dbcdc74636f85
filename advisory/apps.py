from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "advisory"
    verbose_name = _("Advisory groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from advisory import notifications  # noqa: F401 - registers the notice kinds
