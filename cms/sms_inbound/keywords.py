"""Reading what a family typed: keywords in every site language, and numbers in any script.

Keywords are input, not text we show, so they live here as data rather than in the
gettext catalogues: each language accepts several spellings (with or without accents,
the English word too), and a catalogue holds one string per message. The first word listed
for a language is the one our answers tell people to reply (passed into the translated
answer as a placeholder).

Matching ignores case, accents and surrounding punctuation: "Ayuda", "AYUDA!" and "áyuda"
are the same. Numbers work in every language: Arabic-Indic (٠-٩), Persian (۰-۹), full
width (０-９) and every other Unicode decimal digit are read as 0-9.
"""

import re
import unicodedata

# keyword -> language -> accepted words (the first is the one we tell people to use)
KEYWORDS: dict[str, dict[str, list[str]]] = {
    "stop": {
        "en": ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"],
        "es": ["PARAR", "ALTO", "BASTA", "DETENER", "CANCELAR"],
        "ar": ["توقف", "ايقاف", "إيقاف", "قف"],
        "zh-hans": ["退订", "停止"],
        "vi": ["DUNG", "NGUNG", "HUY"],
        "ht": ["KANPE", "SISPANN", "ANILE"],
        "so": ["JOOJI", "JOOJ"],
        "pt": ["PARAR", "SAIR", "CANCELAR"],
        "fr": ["ARRET", "ARRETER", "STOPPER"],
        "ko": ["중지", "수신거부", "그만"],
    },
    "start": {
        "en": ["START", "UNSTOP", "SUBSCRIBE"],
        "es": ["INICIAR", "EMPEZAR", "ALTA"],
        "ar": ["ابدأ", "ابدا", "بدء"],
        "zh-hans": ["开始", "订阅"],
        "vi": ["BATDAU", "BAT DAU"],
        "ht": ["KOMANSE", "REKOMANSE"],
        "so": ["BILOW", "BILAAW"],
        "pt": ["INICIAR", "COMECAR", "VOLTAR"],
        "fr": ["DEMARRER", "COMMENCER", "REPRENDRE"],
        "ko": ["시작", "재개"],
    },
    "help": {
        "en": ["HELP", "INFO"],
        "es": ["AYUDA"],
        "ar": ["مساعدة", "مساعده", "ساعدني"],
        "zh-hans": ["帮助", "求助"],
        "vi": ["GIUP", "TRO GIUP", "GIUPDO", "GIUP DO"],
        "ht": ["EDE", "ED"],
        "so": ["CAAWI", "CAAWIMAAD", "GARGAAR"],
        "pt": ["AJUDA"],
        "fr": ["AIDE"],
        "ko": ["도움", "도움말"],
    },
}


def fold(text: str) -> str:
    """Upper case, accents removed, digits as ASCII, punctuation and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = ascii_digits(text)
    # Vietnamese đ/Đ has no decomposition; fold it by hand.
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    # Drop combining marks (accents, and Arabic harakat) but keep the letters.
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = re.sub(r"[^\w\s]", " ", stripped.upper())
    return " ".join(stripped.split())


def ascii_digits(text: str) -> str:
    out = []
    for char in text:
        if char.isdecimal() and not ("0" <= char <= "9"):
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return "".join(out)


_INDEX: dict[str, tuple[str, str]] = {}


def _index() -> dict[str, tuple[str, str]]:
    if not _INDEX:
        for keyword, languages in KEYWORDS.items():
            for language, words in languages.items():
                for word in words:
                    _INDEX.setdefault(fold(word), (keyword, language))
    return _INDEX


def match_keyword(text: str) -> tuple[str, str] | None:
    """The keyword a whole message is (and the language it is in), or None."""
    folded = fold(text)
    if not folded:
        return None
    return _index().get(folded) or _index().get(folded.replace(" ", ""))


def keyword_word(keyword: str, language: str) -> str:
    """The word for a keyword that answers in ``language`` tell people to reply."""
    languages = KEYWORDS[keyword]
    base = language.split("-")[0]
    for code in (language, base):
        if code in languages:
            return languages[code][0]
    return languages["en"][0]


_NUMBERS = re.compile(r"^\d+(?:[\s,;.\-+/]+\d+)*$")


def parse_numbers(text: str) -> list[int] | None:
    """ "2 5 5", "2,5,5", "٢ ٥ ٥" -> [2, 5, 5]; None when the message is not only numbers."""
    normal = ascii_digits(unicodedata.normalize("NFKC", text or "")).strip().strip(".!")
    if not normal or not _NUMBERS.match(normal):
        return None
    return [int(n) for n in re.findall(r"\d+", normal)]
