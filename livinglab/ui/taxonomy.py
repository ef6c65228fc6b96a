"""Labels of taxonomy terms (regions, integration areas, target groups) for components."""

from __future__ import annotations

import reflex as rx

from livinglab.core.taxonomy import SEED, TaxonomyScheme
from livinglab.ui.i18n import localized


def term_label(scheme: TaxonomyScheme, code: rx.Var[str]) -> rx.Var[str]:
    """The label of a term code in the reader's language (the seeded labels, compiled into the page)."""
    terms = SEED[scheme]
    return localized(
        {
            "fr": {term_code: label_fr for term_code, label_fr, _ in terms},
            "en": {term_code: label_en for term_code, _, label_en in terms},
        },
        code,
    )
