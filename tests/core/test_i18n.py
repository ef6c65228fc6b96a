"""The message catalogs: every language has every message, and every message the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

from livinglab.core.i18n import LANGUAGES, PLURAL_CATEGORIES, catalog, plural_forms, translate

PACKAGE = Path(__file__).resolve().parents[2] / "livinglab"
# Literal message ids in the code: t("…"), t_format("…"), translate("…"), say/fail("…"), *_key = "…", and the
# (title_key, intro_key) arguments of page headers.
KEY_LITERAL = re.compile(
    r"""(?:\bt|t_format|t_plural|translate|say|fail|page_header|empty_state|door)\(\s*["']([a-z_]+\.[a-z_.]+)["']"""
)
KEY_ASSIGNMENT = re.compile(r"""_key\s*=\s*["']([a-z_]+\.[a-z_.]+)["']""")
ANY_KEY_STRING = re.compile(
    r"""["']((?:home|join|workshops?|catalog|cycles?|adaptations?|evaluations?|nav|app|language|cli|evidence|practice|note|guest|person)\.[a-z_.]+)["']"""
)
# t_choice("prefix", Enum, value) builds "<prefix>.<value>" for each value: the prefix alone is no message.
CHOICE_PREFIX = re.compile(r"""t_choice\(\s*["']([a-z_.]+)["']""")


def _keys_used_in_code() -> set[str]:
    used: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= (
            set(KEY_LITERAL.findall(text))
            | set(KEY_ASSIGNMENT.findall(text))
            | set(ANY_KEY_STRING.findall(text))
        )
        used -= set(CHOICE_PREFIX.findall(text))
    # Foreign keys ("person.id") look like message ids but name columns.
    return {key for key in used if not key.endswith(".id")}


def test_every_language_has_the_same_messages() -> None:
    french = set(catalog("fr"))
    for lang in LANGUAGES:
        assert set(catalog(lang)) == french, f"{lang} differs from fr: {set(catalog(lang)) ^ french}"


def test_no_message_is_empty_or_left_untranslated_in_english() -> None:
    for lang in LANGUAGES:
        assert all(text.strip() for text in catalog(lang).values())
    # A message may be the same word in both languages ("Catalogue"), but not a whole French sentence.
    same = [
        key for key, text in catalog("en").items() if text == catalog("fr")[key] and len(text.split()) > 3
    ]
    assert same == []


def test_every_message_the_code_asks_for_exists() -> None:
    used = _keys_used_in_code()
    assert len(used) > 40, "the scan found too few message ids: the pattern is broken"
    # Keys built from a prefix at runtime (t_choice, nav.{section}) end with a dot in the scan: skip those.
    missing = sorted(key for key in used if not key.endswith(".") and key not in catalog("fr"))
    assert missing == []


def test_placeholders_match_between_languages() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for key, french in catalog("fr").items():
        assert set(placeholder.findall(french)) == set(placeholder.findall(catalog("en")[key])), key


def test_translate_fills_placeholders_and_falls_back_to_french() -> None:
    assert translate("cli.serve.ready", "en", url="http://x") == "Living Lab is ready: http://x"
    assert translate("nav.workshops", "de") == "Ateliers"
    assert translate("no.such.key", "fr") == "no.such.key"


def test_every_plural_message_has_each_form_of_each_language() -> None:
    keys = set(plural_forms("fr"))
    assert len(keys) > 10, "the catalogs' plural messages were not read"
    placeholder = re.compile(r"\{(\w+)\}")
    for lang in LANGUAGES:
        assert set(plural_forms(lang)) == keys, lang
        for key, forms in plural_forms(lang).items():
            assert tuple(forms) == PLURAL_CATEGORIES[lang], (lang, key)
            # Every form may drop the number (« Importer cette fiche ») but no other placeholder.
            names = set(placeholder.findall(forms["other"]))
            assert all(set(placeholder.findall(text)) | {"count"} >= names for text in forms.values()), key


def test_a_number_takes_the_form_its_language_gives_it() -> None:
    french = [translate("catalog.result_count", "fr", count=count) for count in (0, 1, 2, "12", 1_000_000)]
    assert french == ["0 fiche", "1 fiche", "2 fiches", "12 fiches", "1000000 fiches"]
    english = [translate("catalog.result_count", "en", count=count) for count in (0, 1, 2)]
    assert english == ["0 sheets", "1 sheet", "2 sheets"]
    assert translate("transfer.import_ready", "fr", count=1) == "Importer cette fiche"
    # A throttle's wait, given as a string as refusals carry their parameters.
    assert translate("join.error.slow_down", "fr", count="1").endswith("réessayez dans 1 seconde.")
    assert translate("join.error.slow_down", "en", count="12").endswith("try again in 12 seconds.")


def test_no_message_writes_a_plural_in_parentheses() -> None:
    # « fiche(s) »: gettext's plural forms say it as the reader would.
    for lang in LANGUAGES:
        assert [text for text in catalog(lang).values() if re.search(r"\w\((?:e?s|es)\)", text)] == []
