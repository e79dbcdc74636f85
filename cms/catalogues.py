"""Checks and compilation for the gettext catalogues in ``locale/``.

Compiling with polib means a machine without GNU gettext tools can still set up.
The checks are what a translator's mistake would break at run time: an empty or fuzzy
string, or a placeholder (``%(name)s``, ``%d``, ``{name}``) or HTML tag that does not match
the English original.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

_NAMED = re.compile(r"%\((\w+)\)[sdif]")
_POSITIONAL = re.compile(r"(?<!%)%[sdif]")
_BRACES = re.compile(r"\{(\w*)\}")
_BROKEN = re.compile(r"(?<!%)\((\w+)\)[sdif]")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.reason}: {self.msgid[:70]!r}"


def catalogue_path(locale: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"


def site_locales() -> list[str]:
    return [to_locale(code) for code, _name in settings.LANGUAGES]


def _markers(text: str) -> tuple[frozenset, int, frozenset, list]:
    return (
        frozenset(_NAMED.findall(text)),
        len(_POSITIONAL.findall(text)),
        frozenset(_BRACES.findall(text)),
        sorted(t.lower() for t in _TAG.findall(text)),
    )


def _compare(
    locale: str, entry: polib.POEntry, source: str, translated: str, plural_form: bool
) -> list[Problem]:
    named, positional, braces, tags = _markers(source)
    t_named, t_positional, t_braces, t_tags = _markers(translated)
    problems = []
    if plural_form:
        # A plural form may leave a named number out ("one code"), never add an unknown
        # one. Positional ones (%d) must all stay: "%" would fail on a missing one.
        if not t_named <= named or t_positional != positional or not t_braces <= braces:
            problems.append(Problem(locale, entry.msgid, "placeholders differ"))
    elif t_named != named or t_positional != positional or t_braces != braces:
        problems.append(Problem(locale, entry.msgid, "placeholders differ"))
    if _BROKEN.search(translated) and not _BROKEN.search(source):
        problems.append(Problem(locale, entry.msgid, "broken placeholder"))
    if tags != t_tags:
        problems.append(Problem(locale, entry.msgid, "HTML tags differ"))
    return problems


def check_catalogue(locale: str) -> list[Problem]:
    path = catalogue_path(locale)
    if not path.exists():
        return [Problem(locale, "", "catalogue missing")]
    po = polib.pofile(str(path))
    problems: list[Problem] = []
    header = po.metadata.get("Plural-Forms", "")
    if "INTEGER" in header or "nplurals" not in header:
        problems.append(Problem(locale, "", "Plural-Forms header not set"))
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(locale, entry.msgid, "fuzzy"))
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not forms or any(not v for v in forms.values()):
                problems.append(Problem(locale, entry.msgid, "untranslated"))
                continue
            for index, text in forms.items():
                source = entry.msgid if int(index) == 0 and len(forms) > 1 else entry.msgid_plural
                problems += _compare(locale, entry, source, text, plural_form=True)
        else:
            if not entry.msgstr:
                problems.append(Problem(locale, entry.msgid, "untranslated"))
                continue
            problems += _compare(locale, entry, entry.msgid, entry.msgstr, plural_form=False)
    return problems


def compile_catalogue(locale: str) -> Path:
    path = catalogue_path(locale)
    po = polib.pofile(str(path))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    target = path.with_suffix(".mo")
    po.save_as_mofile(str(target))
    return target
