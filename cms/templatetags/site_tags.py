from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from cms.languages import is_rtl, language_name

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Links to this page in every site language, each named in its own language.

    On a CMS page the link goes to that page's translation (or the language's home page
    when there is none yet); elsewhere to the same address under the other prefix.
    """
    request = context.get("request")
    current = get_language()
    page = context.get("page")
    page_urls: dict[str, str] = {}
    if isinstance(page, Page) and request is not None:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            page_urls[translated.locale.language_code] = translated.get_url(request)
        if len(page_urls) < len(settings.LANGUAGES):
            root = page.get_site().root_page if page.get_site() else None
            if root is not None:
                for home in root.get_translations(inclusive=True).live().select_related("locale"):
                    page_urls.setdefault(home.locale.language_code, home.get_url(request))
    path = request.get_full_path() if request is not None else "/"
    prefix = f"/{current}/"
    links = []
    for code, _name in settings.LANGUAGES:
        if code in page_urls:
            url = page_urls[code]
        elif path.startswith(prefix):
            # Our URL patterns are not translated, so only the prefix changes (and a
            # resolve + reverse per language on every page is avoided).
            url = f"/{code}/{path[len(prefix) :]}"
        else:
            url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "bidi": get_language_info(code)["bidi"],
                "url": url,
                "current": code == current,
            }
        )
    return {"links": links}


@register.simple_tag
def text_direction(language_code: str) -> str:
    """``rtl`` or ``ltr`` for any language code (for blocks of another language)."""
    return "rtl" if is_rtl(language_code) else "ltr"


@register.simple_tag
def language_label(code: str) -> str:
    """A language's own name for any site language code (the code itself otherwise)."""
    try:
        return language_name(code)
    except KeyError:
        return code


def field_description_ids(field) -> list[str]:
    """The ids of what describes a form field: its help text and its errors, so that a
    screen reader reads both with the field (the ids ``includes/form_field.html`` gives
    them)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return ids


@register.simple_tag
def field_widget(field):
    """Render a bound field's widget tied to its help text and errors (aria-describedby)
    and marked aria-invalid when it has errors."""
    attrs = {}
    ids = field_description_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def field_describedby(field) -> str:
    """The aria-describedby value for a group of choices (a fieldset), or ""."""
    return " ".join(field_description_ids(field))
