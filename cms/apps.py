from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.languages import register_extra_languages

        register_extra_languages()

        # Page context builders register themselves (cms.page_context).
        from django.db.models.signals import post_migrate

        from cms import selectors  # noqa: F401
        from cms.signals import sync_locales

        post_migrate.connect(sync_locales, sender=self)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our user model (no first/last name)."""

    user_viewset = "cms.viewsets.UserViewSet"
