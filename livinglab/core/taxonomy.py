"""Taxonomies that describe practices, organizations and adaptations: regions, integration areas, and the
migratory statuses and lengths of residence a practice serves.

They live in core because identity (an organization's region), the catalog and adaptations all use them.
They are configurable data: the seed below only adds what is missing, so labels edited by an administrator
are kept.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from livinglab.core.database import Base
from livinglab.core.errors import DomainError


class TaxonomyScheme(enum.StrEnum):
    REGION = "region"
    INTEGRATION_AREA = "integration_area"
    MIGRATORY_STATUS = "migratory_status"
    RESIDENCE_LENGTH = "residence_length"


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("scheme", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme: Mapped[TaxonomyScheme]
    code: Mapped[str] = mapped_column(String(64))
    label_fr: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


@dataclass(frozen=True)
class Term:
    id: int
    scheme: TaxonomyScheme
    code: str
    label_fr: str
    label_en: str


# (code, French label, English label), in display order. Region codes are Québec's official region numbers.
SEED: dict[TaxonomyScheme, tuple[tuple[str, str, str], ...]] = {
    TaxonomyScheme.REGION: (
        ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"),
        ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"),
        ("03", "Capitale-Nationale", "Capitale-Nationale"),
        ("04", "Mauricie", "Mauricie"),
        ("05", "Estrie", "Estrie"),
        ("06", "Montréal", "Montréal"),
        ("07", "Outaouais", "Outaouais"),
        ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue"),
        ("09", "Côte-Nord", "Côte-Nord"),
        ("10", "Nord-du-Québec", "Nord-du-Québec"),
        ("11", "Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine"),
        ("12", "Chaudière-Appalaches", "Chaudière-Appalaches"),
        ("13", "Laval", "Laval"),
        ("14", "Lanaudière", "Lanaudière"),
        ("15", "Laurentides", "Laurentides"),
        ("16", "Montérégie", "Montérégie"),
        ("17", "Centre-du-Québec", "Centre-du-Québec"),
    ),
    TaxonomyScheme.INTEGRATION_AREA: (
        ("reception", "Accueil et installation", "Reception and settlement"),
        ("francization", "Francisation", "French-language learning"),
        ("employment", "Emploi et reconnaissance des compétences", "Employment and skills recognition"),
        ("housing", "Logement", "Housing"),
        ("health", "Santé et bien-être", "Health and well-being"),
        ("education_family", "Éducation, famille et petite enfance", "Education, family and early childhood"),
        (
            "civic_participation",
            "Participation citoyenne et vie communautaire",
            "Civic participation and community life",
        ),
        ("regionalization", "Régionalisation", "Regionalization"),
        ("anti_racism", "Lutte contre le racisme et la discrimination", "Fighting racism and discrimination"),
        ("rights_justice", "Droits et accès à la justice", "Rights and access to justice"),
    ),
    TaxonomyScheme.MIGRATORY_STATUS: (
        ("pr_economic", "Résident·e permanent·e (économique)", "Permanent resident (economic)"),
        (
            "pr_family",
            "Résident·e permanent·e (regroupement familial)",
            "Permanent resident (family reunification)",
        ),
        (
            "pr_resettled_refugee",
            "Résident·e permanent·e (réfugié·e réinstallé·e)",
            "Permanent resident (resettled refugee)",
        ),
        (
            "protected_person",
            "Personne protégée / réfugié·e reconnu·e",
            "Protected person / recognized refugee",
        ),
        ("asylum_seeker", "Demandeur·euse d'asile", "Asylum seeker"),
        ("temporary_worker", "Travailleur·euse étranger·ère temporaire", "Temporary foreign worker"),
        ("international_student", "Étudiant·e étranger·ère", "International student"),
        ("naturalized_citizen", "Citoyen·ne naturalisé·e", "Naturalized citizen"),
        ("no_status", "Personne sans statut", "Person without status"),
    ),
    TaxonomyScheme.RESIDENCE_LENGTH: (
        ("lt_1y", "< 1 an", "< 1 year"),
        ("1_5y", "1–5 ans", "1–5 years"),
        ("gt_5y", "> 5 ans", "> 5 years"),
    ),
}


def ensure_taxonomy(*, db: Session) -> int:
    """Adds the seed terms that are missing and returns how many were added."""
    existing = set(db.execute(select(TaxonomyTerm.scheme, TaxonomyTerm.code)))
    added = [
        TaxonomyTerm(scheme=scheme, code=code, label_fr=label_fr, label_en=label_en, position=position)
        for scheme, seed in SEED.items()
        for position, (code, label_fr, label_en) in enumerate(seed)
        if (scheme, code) not in existing
    ]
    db.add_all(added)
    db.flush()
    return len(added)


def terms(*, db: Session, scheme: TaxonomyScheme) -> list[Term]:
    rows = db.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.scheme == scheme).order_by(TaxonomyTerm.position)
    )
    return [
        Term(id=t.id, scheme=t.scheme, code=t.code, label_fr=t.label_fr, label_en=t.label_en) for t in rows
    ]


def resolve_terms(*, db: Session, scheme: TaxonomyScheme, codes: Collection[str]) -> list[TaxonomyTerm]:
    """The terms of ``scheme`` with these codes, in the order given; an unknown code is a domain error."""
    by_code = {
        t.code: t
        for t in db.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.scheme == scheme, TaxonomyTerm.code.in_(codes))
        )
    }
    for code in codes:
        if code not in by_code:
            raise DomainError("taxonomy.error.unknown_term", scheme=scheme.value, code=code)
    return [by_code[code] for code in codes]


def resolve_region(*, db: Session, code: str) -> TaxonomyTerm:
    return resolve_terms(db=db, scheme=TaxonomyScheme.REGION, codes=[code])[0]
