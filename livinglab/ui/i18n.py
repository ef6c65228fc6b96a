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
    PLURAL_COUNT,
    catalog,
    normalize_language,
    plural_forms,
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


def reader_language() -> rx.Var[str]:
    """The reader's language as the page uses it: the cookie's, or French when the cookie holds a language
    the app does not know (a stale or hand-edited cookie would otherwise pick no text at all)."""
    known = rx.Var.create(list(LANGUAGES))
    return rx.Var(
        _js_expr=f"({known}.includes({LocaleState.lang}) ? {LocaleState.lang} : {DEFAULT_LANGUAGE!r})",
        _var_type=str,
        _var_data=LocaleState.lang._get_all_var_data(),
    ).to(str)


def t(key: str) -> rx.Var[str]:
    """The message ``key`` in the reader's language."""
    if key in plural_forms(DEFAULT_LANGUAGE):
        raise UnknownMessageKeyError(f"message id {key!r} depends on a number: use t_plural")
    try:
        texts = {lang: catalog(lang)[key] for lang in LANGUAGES}
    except KeyError as missing:
        raise UnknownMessageKeyError(f"message id {key!r} is missing from catalog {missing}") from None
    return rx.Var.create(texts)[reader_language()].to(str)


def localized(texts_by_language: dict[str, dict[str, str]], code: rx.Var[str]) -> rx.Var[str]:
    """The label of a runtime ``code`` (a status, a region) in the reader's language."""
    return rx.Var.create(texts_by_language)[reader_language()][code].to(str)


def t_choice(prefix: str, codes: Iterable[str], code: rx.Var[str]) -> rx.Var[str]:
    """The label of one value of an enumeration, whose messages are ``<prefix>.<value>``."""
    codes = tuple(codes)
    return localized(
        {lang: {value: catalog(lang)[f"{prefix}.{value}"] for value in codes} for lang in LANGUAGES}, code
    )


def _filled(text: rx.Var[str], values: dict[str, rx.Var]) -> rx.Var[str]:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value.to(str))
    return text


def t_format(key: str, **values: rx.Var) -> rx.Var[str]:
    """The message ``key`` with its ``{name}`` placeholders replaced by runtime values."""
    return _filled(t(key), values)


def t_plural(key: str, count: rx.Var, **values: rx.Var) -> rx.Var[str]:
    """The message ``key`` in the form the number ``count`` takes in the reader's language (« 1 fiche »,
    « 6 fiches »), its placeholders filled; the browser picks the form with the same CLDR rules as the
    server (core.i18n.plural_category)."""
    try:
        forms = rx.Var.create({lang: plural_forms(lang)[key] for lang in LANGUAGES})
    except KeyError as missing:
        raise UnknownMessageKeyError(f"plural message id {key!r} is missing from catalog {missing}") from None
    lang = reader_language()
    text: rx.Var[str] = rx.Var(
        _js_expr=(
            f"((forms, n) => forms[new Intl.PluralRules({lang}).select(n)] ?? forms.other)"
            f"({forms}[{lang}], Math.abs(Number({count})))"
        ),
        _var_type=str,
        _var_data=VarData.merge(*(var._get_all_var_data() for var in (forms, lang, count))),
    ).to(str)
    return _filled(text, {PLURAL_COUNT: count, **values})


def _localized(value: rx.Var, method: str, options: str) -> rx.Var[str]:
    """``value`` (an ISO date or instant) written out by the browser in the reader's language."""
    lang = reader_language()
    locale = f"({lang} === 'en' ? 'en-CA' : 'fr-CA')"
    return rx.Var(
        _js_expr=f"new Date({value}).{method}({locale}, {options})",
        _var_type=str,
        _var_data=VarData.merge(value._get_all_var_data(), lang._get_all_var_data()),
    ).to(str)


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
