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


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str) -> dict[str, str]:
    """Every translated message of one language, keyed by message id."""
    with (LOCALES_DIR / f"{lang}.po").open("rb") as po_file:
        parsed = read_po(po_file, locale=lang)
    return {str(message.id): str(message.string) for message in parsed if message.id and message.string}


def translate(key: str, lang: str, **params: object) -> str:
    """The message in ``lang``, with ``{name}`` placeholders filled.

    An unknown key comes back as itself: a missing translation must show up in tests, not crash a workshop.
    """
    text = catalog(normalize_language(lang)).get(key, key)
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
