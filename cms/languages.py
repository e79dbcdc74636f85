"""Site languages.

The ten demo languages are the default; a district configures its own list with the
``SITE_LANGUAGES`` environment variable (comma-separated codes). Django does not know
Haitian Creole or Somali, so their names and direction are registered here.
"""

import functools

from django.conf.locale import LANG_INFO

EXTRA_LANG_INFO: dict[str, dict[str, object]] = {
    "ht": {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
}

# Names in English, for the settings' LANGUAGES list (Django translates them itself
# where it can; every switcher shows name_local, the language's own name).
ALL_LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "ar": "Arabic",
    "zh-hans": "Simplified Chinese",
    "vi": "Vietnamese",
    "ht": "Haitian Creole",
    "so": "Somali",
    "pt": "Portuguese",
    "fr": "French",
    "ko": "Korean",
}

DEFAULT_SITE_LANGUAGES = ",".join(ALL_LANGUAGES)


def register_extra_languages() -> None:
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


def parse_site_languages(value: str) -> list[tuple[str, str]]:
    """Turn ``"en,es,ar"`` into a LANGUAGES list, refusing codes we cannot serve."""
    register_extra_languages()
    codes = [c.strip().lower() for c in value.split(",") if c.strip()]
    unknown = [c for c in codes if c not in LANG_INFO]
    if unknown:
        raise ValueError(f"SITE_LANGUAGES has unknown language codes: {', '.join(unknown)}")
    if not codes:
        raise ValueError("SITE_LANGUAGES must name at least one language")
    return [(c, ALL_LANGUAGES.get(c) or str(LANG_INFO[c]["name"])) for c in codes]


@functools.lru_cache(maxsize=64)
def language_name(code: str) -> str:
    """A language's name in that language, capitalised and NFC-normalised (Django's own
    Vietnamese name is stored decomposed)."""
    import unicodedata

    from django.utils.text import capfirst
    from django.utils.translation import get_language_info

    return unicodedata.normalize("NFC", capfirst(get_language_info(code)["name_local"]))


# Right-to-left languages Django's LANG_INFO does not know (partners and members may write
# in any language, not only the site's).
_EXTRA_RTL = {"ps", "prs", "fa", "ur", "he", "ckb", "ug", "yi", "dv"}


def is_rtl(code: str) -> bool:
    """Whether text in this language runs right to left, for any language code."""
    from django.utils.translation import get_language_info

    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return code.split("-")[0].lower() in _EXTRA_RTL


def set_language_cookie(response, language: str) -> None:
    """Remember a person's language for the bare address "/" (Django's cookie settings)."""
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
