"""Message catalogs: French first, English second.

Catalogs are gettext ``.po`` files (read with Babel) so translators can use their usual tools. Message ids
are stable keys (``nav.workshops``), not French sentences, so that correcting a French wording never orphans
its English translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from livinglab.core.errors import FieldError

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# The reader's choice, kept on the device (livinglab.ui.i18n.LocaleState) and read by the download routes.
LANGUAGE_COOKIE = "livinglab_lang"
# The lab works in Québec: instants are shown and date filters read on its clock.
LAB_TIME_ZONE = "America/Montreal"
LOCALES_DIR = Path(__file__).parent / "locales"


def lab_today() -> dt.date:
    """Today on the lab's clock: in Québec's evening the server's UTC date is already tomorrow."""
    return dt.datetime.now(ZoneInfo(LAB_TIME_ZONE)).date()


def normalize_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


# The CLDR plural categories of each language's forms, in the order of its catalog's msgstr[n] (the order of
# its Plural-Forms header). The server (Babel) and the browser (Intl.PluralRules) name a number's category
# with the same CLDR rules; a category a language's catalog has no form for (French « many », said of
# millions) takes the last form, « other ».
PLURAL_CATEGORIES: dict[str, tuple[str, ...]] = {"fr": ("one", "other"), "en": ("one", "other")}
# The placeholder that chooses a plural message's form.
PLURAL_COUNT = "count"


@lru_cache(maxsize=len(LANGUAGES))
def _read(lang: str) -> Catalog:
    with (LOCALES_DIR / f"{lang}.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> dict[str, str]:
    """Every translated message of one language, keyed by message id; a plural message by its « other »
    form (see ``plural_forms``)."""
    return {
        str(message.id[0] if message.pluralizable else message.id): str(
            message.string[-1] if message.pluralizable else message.string
        )
        for message in _read(lang)
        if message.id and message.string
    }


@lru_cache(maxsize=len(LANGUAGES))
def plural_forms(lang: str) -> dict[str, dict[str, str]]:
    """The messages of one language that depend on a number (« 1 fiche », « 6 fiches »): each one's forms by
    CLDR plural category."""
    return {
        str(message.id[0]): dict(zip(PLURAL_CATEGORIES[lang], message.string, strict=True))
        for message in _read(lang)
        if message.pluralizable and isinstance(message.string, tuple)
    }


def plural_category(lang: str, count: object) -> str:
    """The CLDR plural category of ``count`` in ``lang``, among those its catalog has forms for."""
    category = Locale.parse(lang).plural_form(abs(float(str(count))))
    return category if category in PLURAL_CATEGORIES[lang] else PLURAL_CATEGORIES[lang][-1]


def translate(key: str, lang: str, **params: object) -> str:
    """The message in ``lang``, with ``{name}`` placeholders filled; a plural message in the form its
    ``count`` takes.

    An unknown key comes back as itself: a missing translation must show up in tests, not crash a workshop.
    """
    lang = normalize_language(lang)
    forms = plural_forms(lang).get(key)
    if forms is not None and PLURAL_COUNT in params:
        text = forms[plural_category(lang, params[PLURAL_COUNT])]
    else:
        text = catalog(lang).get(key, key)
    return text.format(**params) if params else text


def field_messages(errors: Iterable[FieldError], lang: str) -> dict[str, str]:
    """The message under each refused part of a form, in ``lang``; a part refused several times (the lines of
    a pasted column) gets one message per line."""
    messages: dict[str, list[str]] = {}
    for error in errors:
        messages.setdefault(error.part, []).append(translate(error.key, lang, **error.params))
    return {part: "\n".join(lines) for part, lines in messages.items()}


def translate_or_empty(key: str, lang: str, params: dict[str, str] | None = None) -> str:
    """A form's message: nothing when there is no ``key``, else the message in ``lang``."""
    return translate(key, lang, **(params or {})) if key else ""
