"""Helpers the demo builders share (``manage.py demo_data`` and the features' builders
registered through ``cms.registry.register_demo_builder``)."""

from wagtail.models import Locale, Page


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def translate(page: Page, code: str, **fields) -> Page:
    """The page's translation into ``code`` (made if missing), with ``fields`` set and
    published. Safe to run twice."""
    locale = Locale.objects.get(language_code=code)
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return publish(translated)
