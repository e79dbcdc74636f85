from django.conf import settings


def sync_locales(sender, **kwargs) -> None:
    """Make sure every configured site language has a Wagtail locale (after migrate)."""
    from wagtail.models import Locale

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
