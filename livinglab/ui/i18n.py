"""Reactive translation for components.

Reflex compiles each page once, so a translated text must be a Var, not a Python call at compile time.
:func:`t` compiles every language's text into the page and picks one with the reader's language: switching
language is instant and costs no round trip.
"""

from __future__ import annotations

from collections.abc import Iterable

import reflex as rx
from reflex.vars.base import VarData

from livinglab.core.i18n import (
    DEFAULT_LANGUAGE,
    LAB_TIME_ZONE,
    LANGUAGE_COOKIE,
    LANGUAGES,
    catalog,
    normalize_language,
)
from livinglab.identity.guard import PUBLIC, guarded

# One year: the language choice of a shared tablet should survive the week between two workshops.
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


class LocaleState(rx.State):
    """The reader's language, remembered on the device in a cookie."""

    lang: str = rx.Cookie(
        DEFAULT_LANGUAGE, name=LANGUAGE_COOKIE, max_age=LANGUAGE_COOKIE_MAX_AGE, same_site="lax"
    )

    @rx.event
    @guarded(PUBLIC)
    def set_language(self, lang: str) -> None:
        # No privilege needed: it only ever stores one of the known languages.
        self.lang = normalize_language(lang)


class UnknownMessageKeyError(KeyError):
    """A component asked for a message id missing from a catalog: caught when the app compiles."""


def t(key: str) -> rx.Var[str]:
    """The message ``key`` in the reader's language."""
    try:
        texts = {lang: catalog(lang)[key] for lang in LANGUAGES}
    except KeyError as missing:
        raise UnknownMessageKeyError(f"message id {key!r} is missing from catalog {missing}") from None
    return rx.Var.create(texts)[LocaleState.lang].to(str)


def localized(texts_by_language: dict[str, dict[str, str]], code: rx.Var[str]) -> rx.Var[str]:
    """The label of a runtime ``code`` (a status, a region) in the reader's language."""
    return rx.Var.create(texts_by_language)[LocaleState.lang][code].to(str)


def t_choice(prefix: str, codes: Iterable[str], code: rx.Var[str]) -> rx.Var[str]:
    """The label of one value of an enumeration, whose messages are ``<prefix>.<value>``."""
    codes = tuple(codes)
    return localized(
        {lang: {value: catalog(lang)[f"{prefix}.{value}"] for value in codes} for lang in LANGUAGES}, code
    )


def t_format(key: str, **values: rx.Var) -> rx.Var[str]:
    """The message ``key`` with its ``{name}`` placeholders replaced by runtime values."""
    text = t(key)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value.to(str))
    return text


def _localized(value: rx.Var, method: str, options: str) -> rx.Var[str]:
    """``value`` (an ISO date or instant) written out by the browser in the reader's language."""
    locale = f"({LocaleState.lang} === 'en' ? 'en-CA' : 'fr-CA')"
    return rx.Var(
        _js_expr=f"new Date({value}).{method}({locale}, {options})",
        _var_type=str,
        _var_data=VarData.merge(value._get_all_var_data(), LocaleState.lang._get_all_var_data()),
    )


def t_date(iso_date: rx.Var) -> rx.Var[str]:
    """A calendar date written out in the reader's language: « 18 octobre 2025 », "October 18, 2025"."""
    # The date is a day, not an instant: read and written in UTC so no time zone moves it to the day before.
    return _localized(
        iso_date, "toLocaleDateString", "{day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}"
    )


def t_moment(iso_moment: rx.Var) -> rx.Var[str]:
    """An instant on the lab's clock, in the reader's language: « 18 octobre 2025 à 10 h 03 »."""
    return _localized(
        iso_moment,
        "toLocaleString",
        f"{{dateStyle: 'long', timeStyle: 'short', timeZone: '{LAB_TIME_ZONE}'}}",
    )
