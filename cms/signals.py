from django.conf import settings


def sync_locales(sender, **kwargs) -> None:
    """Make sure every configured site language has a Wagtail locale (after migrate)."""
    from wagtail.models import Locale

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def delete_audio_file(sender, instance, **kwargs) -> None:
    """An audio summary's file leaves storage once its row is gone (also when the item it
    summarises is deleted), after the deletion commits."""
    from django.db import transaction

    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
