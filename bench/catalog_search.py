"""Catalogue search latency on generated practice sheets, on SQLite and on PostgreSQL.

Run it by hand:
    .venv/bin/python bench/catalog_search.py [--sheets 10000] [--queries 300]
        [--postgres-server postgresql+psycopg://postgres@127.0.0.1:5432/test] [--no-postgres]
        [--report docs/performance.md]

Setup per engine: a fresh database (a SQLite file in a temporary folder; on PostgreSQL a throwaway database
made on the server and dropped afterwards), migrated to head, the taxonomy, 40 organizations and --sheets
sheets written through the catalogue service (so each is indexed as in the app), from a French vocabulary of
the sector: titles and summaries of 6–20 words, 1–2 regions, 1–3 integration areas, 1–2 migratory statuses,
a random evidence level, 90 % published. On PostgreSQL the database is then vacuumed and analyzed, as
autovacuum does on a running server within a minute of such a load (the test server runs without it): without
statistics the planner takes each table for a few pages and picks nested loops over thousands of rows.

Then --queries searches of each kind, the same seeded sequence on both engines, timed around the service
call the catalogue page makes (``catalog.service.search_practices``: the matching page, the total, every
facet's counts and the page's summaries), server-side, with ``time.perf_counter``: text alone (one or two
words, typed without accents or in the plural half the time), two facets alone, and text with two facets
(the target: p95 at most 30 ms). Nothing here asserts speed: tests/bench/test_catalog_search_runs.py only
checks that it runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from report import fresh_database, write_section  # bench/report.py: run as python bench/<name>.py
from sqlalchemy import text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from livinglab.catalog import service
from livinglab.catalog.models import EvidenceLevel, PracticeStatus
from livinglab.catalog.search import SearchQuery
from livinglab.core.database import make_engine
from livinglab.core.migrations import upgrade_to_head
from livinglab.core.taxonomy import SEED, TaxonomyScheme, ensure_taxonomy
from livinglab.identity import service as identity
from livinglab.identity.models import OrganizationKind

SCRIPT = "bench/catalog_search.py"
WORDS = [
    "intégration",
    "accueil",
    "logement",
    "emploi",
    "francisation",
    "famille",
    "familles",
    "jumelage",
    "mentorat",
    "bénévoles",
    "interculturel",
    "communauté",
    "école",
    "enfants",
    "parents",
    "santé",
    "régionalisation",
    "travailleurs",
    "réfugiés",
    "demandeurs",
    "asile",
    "étudiants",
    "internationaux",
    "quartier",
    "bibliothèque",
    "cuisine",
    "collective",
    "atelier",
    "café",
    "rencontre",
    "parrainage",
    "orientation",
    "formation",
    "reconnaissance",
    "compétences",
    "diplômes",
    "transport",
    "rural",
    "autobus",
    "covoiturage",
    "soutien",
    "psychosocial",
    "femmes",
    "aînés",
    "jeunes",
    "sport",
    "culture",
    "citoyenneté",
    "municipalité",
    "employeurs",
    "stage",
    "réseau",
    "inclusion",
    "isolement",
    "loisirs",
    "nature",
    "hiver",
    "vêtements",
    "alimentation",
]
# What people type: without accents, in the plural, or as written.
TYPED = {
    "intégration": "integration",
    "réfugiés": "refugie",
    "école": "ecoles",
    "santé": "sante",
    "logement": "logements",
    "famille": "familles",
    "emploi": "emplois",
}


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def generate(db: Session, sheets: int, rng: random.Random) -> None:
    ensure_taxonomy(db=db)
    codes = {scheme: [code for code, *_ in SEED[scheme]] for scheme in TaxonomyScheme}
    organizations = [
        identity.create_organization(
            db=db, name=f"Organisme {n}", slug=f"organisme-{n}", kind=OrganizationKind.MEMBER
        ).id
        for n in range(40)
    ]
    for number in range(sheets):
        service.create_practice(
            db=db,
            organization_id=rng.choice(organizations),
            title=sentence(rng, 3, 8).capitalize(),
            summary=sentence(rng, 6, 20),
            description_md=sentence(rng, 20, 60),
            details={"objectives": [sentence(rng, 4, 8)]},
            evidence_level=rng.choice(list(EvidenceLevel)),
            status=PracticeStatus.PUBLISHED if rng.random() < 0.9 else PracticeStatus.DRAFT,
            term_codes={
                TaxonomyScheme.REGION: rng.sample(codes[TaxonomyScheme.REGION], rng.randint(1, 2)),
                TaxonomyScheme.INTEGRATION_AREA: rng.sample(
                    codes[TaxonomyScheme.INTEGRATION_AREA], rng.randint(1, 3)
                ),
                TaxonomyScheme.MIGRATORY_STATUS: rng.sample(
                    codes[TaxonomyScheme.MIGRATORY_STATUS], rng.randint(1, 2)
                ),
            },
        )
        if number % 500 == 499:
            db.commit()
    db.commit()


def queries(kind: str, count: int, rng: random.Random) -> Iterator[SearchQuery]:
    regions = [code for code, *_ in SEED[TaxonomyScheme.REGION]]
    areas = [code for code, *_ in SEED[TaxonomyScheme.INTEGRATION_AREA]]
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 2))]
        typed = " ".join(TYPED.get(word, word) if rng.random() < 0.5 else word for word in words)
        facets = {
            TaxonomyScheme.REGION: (rng.choice(regions),),
            TaxonomyScheme.INTEGRATION_AREA: (rng.choice(areas),),
        }
        if kind == "text":
            yield SearchQuery(text=typed)
        elif kind == "facets":
            yield SearchQuery(terms=facets)
        else:
            yield SearchQuery(text=typed, terms=facets)


def measure(db: Session, count: int, seed: int) -> list[tuple[str, list[float], float]]:
    """(kind, latencies in ms, mean matches) for each kind of query."""
    rows = []
    for kind in ("text", "facets", "text + 2 facets"):
        rng = random.Random(seed)
        latencies, totals = [], []
        for query in queries(kind, count, rng):
            start = time.perf_counter()
            result = service.search_practices(db=db, query=query, published_only=True, reader=None)
            latencies.append((time.perf_counter() - start) * 1000)
            totals.append(result.total)
        rows.append((kind, latencies, statistics.fmean(totals)))
    return rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_engine(label: str, url: str, arguments: argparse.Namespace) -> tuple[list[str], str]:
    """The table's rows for one engine, and the machine's load around its measures."""
    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as db:
        started = time.perf_counter()
        generate(db, arguments.sheets, random.Random(arguments.seed))
        generated = time.perf_counter() - started
        if engine.dialect.name == "postgresql":
            # What autovacuum keeps on a running server (see above); VACUUM runs outside a transaction.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        # Warm the caches (SQLAlchemy's compiled statements, the database's pages) as a running app has.
        measure(db, 5, arguments.seed + 1)
        load_before = os.getloadavg()[0]
        rows = measure(db, arguments.queries, arguments.seed)
    engine.dispose()
    load = (
        f"{label}: load average (1 min) {load_before:.1f} before the queries, {os.getloadavg()[0]:.1f} after"
    )
    return [
        f"| {label} | {arguments.sheets} | {generated:.0f} | {kind} | {len(latencies)} | {matches:.0f} | "
        f"{statistics.median(latencies):.1f} | {percentile(latencies, 0.95):.1f} | {max(latencies):.1f} |"
        for kind, latencies, matches in rows
    ], load


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--postgres-server", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server where a throwaway database is made",
    )  # fmt: skip
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--report", type=Path, help="markdown file to write the figures into")
    arguments = parser.parse_args()

    rows, loads = [], []
    with (
        tempfile.TemporaryDirectory(prefix="livinglab-search-") as scratch,
        fresh_database(None, Path(scratch)) as url,
    ):
        engine_rows, load = run_engine("SQLite (FTS5)", url, arguments)
        rows += engine_rows
        loads.append(load)
    if not arguments.no_postgres:
        with fresh_database(arguments.postgres_server, Path(tempfile.gettempdir())) as url:
            engine_rows, load = run_engine("PostgreSQL (full text)", url, arguments)
            rows += engine_rows
            loads.append(load)

    command = "python " + " ".join([SCRIPT, *sys.argv[1:]])
    section = "\n".join(
        [
            f"<!-- {SCRIPT}: begin -->",
            f"## Catalogue search (`{SCRIPT}`)",
            "",
            f"Measured {dt.datetime.now(dt.UTC).date().isoformat()} on {platform.node()} ({os.cpu_count()}"
            f" cores, Python {platform.python_version()}), with `{command}`. Latency of one catalogue search,"
            " server-side (the service call the page makes: the page of results, the total, every facet's"
            " counts, the page's summaries), in milliseconds.",
            "",
            "| engine | sheets | generated in (s) | query | queries | mean matches | p50 | p95 | max |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Target: p95 at most 30 ms for text with two facets, at 10,000 sheets.",
            "",
            # Whatever else runs on the machine shows in these figures.
            *(f"- {load}" for load in loads),
            f"<!-- {SCRIPT}: end -->",
        ]
    )
    print(section)
    if arguments.report:
        write_section(arguments.report, SCRIPT, section)


if __name__ == "__main__":
    main()
