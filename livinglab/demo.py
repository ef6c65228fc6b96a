"""The demo lab: a small, believable federation to try every page with.

Every organization, person and practice here is fictional. The demo goes through the services, like any other
entry point, so it stays valid as the rules of the lab grow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from livinglab.adaptations import service as adaptations
from livinglab.catalog import service as catalog
from livinglab.catalog.models import EvidenceLevel, Practice, PracticeStatus
from livinglab.core.taxonomy import TaxonomyScheme, ensure_taxonomy
from livinglab.cycles import feedback, stages
from livinglab.cycles import measures as measures_service
from livinglab.cycles import service as cycles
from livinglab.cycles.models import Direction, MeasureKind
from livinglab.evaluations import review
from livinglab.evaluations import service as evaluations
from livinglab.evaluations.models import ReviewMove
from livinglab.identity import consent, passwords
from livinglab.identity import service as identity
from livinglab.identity.models import Organization, OrganizationKind, Person, Role
from livinglab.identity.sessions import Identity
from livinglab.workshops import notes as board_notes
from livinglab.workshops import service as workshops
from livinglab.workshops.models import Note, WorkshopStatus
from livinglab.workshops.rules import Actor

FEDERATION_SLUG = "reseau-accueil-quebec"
# Fixed, so a facilitator can show the join screen and the browser tests can type it.
DEMO_JOIN_CODE = "ACCUEIL"

MEMBERS = (
    ("carrefour-accueil-montreal-nord", "Carrefour d'accueil de Montréal-Nord", "06"),
    ("accueil-estrie-solidaire", "Accueil Estrie Solidaire", "05"),
    ("maison-nouveaux-arrivants-quebec", "Maison des nouveaux arrivants de Québec", "03"),
)
MONTREAL, ESTRIE, QUEBEC = (slug for slug, _, _ in MEMBERS)

# Every demo account signs in with this password: the demo lab is for trying Living Lab, never for real data.
DEMO_PASSWORD = "laboratoire-vivant"  # noqa: S105  (published on purpose: demo accounts only)
DEMO_ADMIN_EMAIL = "sophie.tremblay@example.org"
# The account to try the lab with: a manager of the federation (and of Estrie, whose workshop the demo
# holds) sees every area.
DEMO_MANAGER_EMAIL = "nathalie.bouchard@example.org"

# key, display name, email, organization, role
PEOPLE = (
    ("karim", "Karim Benali", "karim.benali@example.org", FEDERATION_SLUG, Role.FACILITATOR),
    ("nathalie", "Nathalie Bouchard", DEMO_MANAGER_EMAIL, FEDERATION_SLUG, Role.MANAGER),
    ("marie_eve", "Marie-Ève Gagnon", "marie-eve.gagnon@example.org", MONTREAL, Role.PRACTITIONER),
    ("isabelle", "Isabelle Lavoie", "isabelle.lavoie@example.org", MONTREAL, Role.MANAGER),
    ("jean_philippe", "Jean-Philippe Roy", "jean-philippe.roy@example.org", ESTRIE, Role.PRACTITIONER),
    ("daniel", "Daniel Côté", "daniel.cote@example.org", ESTRIE, Role.MANAGER),
    ("fatou", "Fatou Diallo", "fatou.diallo@example.org", QUEBEC, Role.PRACTITIONER),
    ("luc", "Luc Pelletier", "luc.pelletier@example.org", QUEBEC, Role.MANAGER),
    # A participant may hold an account without an email address.
    ("yusuf", "Yusuf Haddad", None, ESTRIE, Role.PARTICIPANT),
)

IDEA_CITY_TOUR = "Une visite de la ville en groupe la première semaine : épicerie, clinique, bibliothèque."
IDEA_EVENING_FRENCH = "Des cours de français le soir, après le travail à l'usine."

# column title, prompt, note color, notes as (guest pseudonym, text)
BOARD_COLUMNS = (
    (
        "Besoins",
        "De quoi avez-vous eu besoin en arrivant ?",
        "yellow",
        (
            ("Amina", "Trouver un logement sans historique de crédit au Canada."),
            ("Tranquille", "Comprendre le bus. Les horaires, c'est difficile."),
            ("Soleil", "Une place en garderie pour mon fils."),
            ("Baobab", "Parler avec des Québécois, pas seulement en classe."),
        ),
    ),
    (
        "Idées",
        "Qu'est-ce qui vous aurait aidé ?",
        "green",
        (
            ("Amina", "Un jumelage avec une famille d'ici pour les premiers mois."),
            ("Colibri", IDEA_CITY_TOUR),
            ("Érable", IDEA_EVENING_FRENCH),
            ("Tranquille", "Un guide simple avec des images, en plusieurs langues."),
        ),
    ),
    (
        "Obstacles",
        "Qu'est-ce qui a été difficile ?",
        "pink",
        (
            ("Érable", "Pas de voiture. Le village est loin de la ville."),
            ("Soleil", "Mon diplôme n'est pas reconnu ici."),
            ("Baobab", "L'hiver ! Je ne savais pas quels vêtements acheter."),
        ),
    ),
    (
        "Ressources",
        "Qui ou quoi vous a aidé ?",
        "blue",
        (
            ("Amina", "La bibliothèque : internet gratuit et des gens gentils."),
            ("Soleil", "Ma voisine m'a montré le marché et l'épicerie pas chère."),
            ("Colibri", "Le groupe WhatsApp des parents de l'école."),
        ),
    ),
)

# The cycle's measures: five weekly baseline points, then seven with the change. After its first week, six
# points in a row sit above the median: the shift a run chart must show.
FIRST_WEEK = dt.date(2025, 9, 2)
CYCLE_START = dt.date(2025, 10, 7)

JUMELAGE, CAFES, LOGEMENT, PARCOURS, COMPETENCES = "jumelage", "cafes", "logement", "parcours", "competences"


def seed_demo(*, db: Session) -> bool:
    """Loads the demo lab; False, changing nothing, if it is already there."""
    ensure_taxonomy(db=db)
    if identity.find_organization(db=db, slug=FEDERATION_SLUG) is not None:
        return False
    organizations = _seed_organizations(db=db)
    people = _seed_people(db=db, organizations=organizations)
    notes = _seed_workshop(db=db, organization=organizations[ESTRIE], facilitator=people["karim"])
    practices = _seed_practices(db=db, organizations=organizations, people=people, notes=notes)
    _seed_cycle(db=db, practice=practices[CAFES])
    _seed_adaptations(
        db=db,
        practice=practices[CAFES],
        organizations=organizations,
        people=people,
        origin_note=notes[IDEA_EVENING_FRENCH],
    )
    _seed_evaluations(db=db, practices=practices, organizations=organizations, people=people)
    return True


def _seed_organizations(*, db: Session) -> dict[str, Organization]:
    federation = identity.create_organization(
        db=db, name="Réseau Accueil Québec", slug=FEDERATION_SLUG, kind=OrganizationKind.FEDERATION
    )
    organizations = {FEDERATION_SLUG: federation}
    for slug, name, region_code in MEMBERS:
        organizations[slug] = identity.create_organization(
            db=db,
            name=name,
            slug=slug,
            kind=OrganizationKind.MEMBER,
            region_code=region_code,
            parent=federation,
        )
    return organizations


def _seed_people(*, db: Session, organizations: dict[str, Organization]) -> dict[str, Person]:
    admin = identity.create_admin(db=db, email=DEMO_ADMIN_EMAIL, display_name="Sophie Tremblay")
    passwords.set_password(db=db, person_id=admin.id, password=DEMO_PASSWORD)
    people = {}
    for key, name, email, slug, role in PEOPLE:
        person = identity.create_person(db=db, display_name=name, email=email)
        identity.add_membership(db=db, person=person, organization=organizations[slug], role=role)
        if email:
            passwords.set_password(db=db, person_id=person.id, password=DEMO_PASSWORD)
        people[key] = person
    # A role counts in its own organization only, and a workshop's board is for its organization's people
    # (livinglab/workshops/access.py). The federation's facilitator runs the workshops of its members too, and
    # the manager one tries the lab with follows the Estrie workshop the demo holds.
    identity.add_membership(
        db=db, person=people["karim"], organization=organizations[ESTRIE], role=Role.FACILITATOR
    )
    identity.add_membership(
        db=db, person=people["nathalie"], organization=organizations[ESTRIE], role=Role.MANAGER
    )
    return people


def _seed_workshop(*, db: Session, organization: Organization, facilitator: Person) -> dict[str, Note]:
    workshop = workshops.create_workshop(
        db=db,
        organization_id=organization.id,
        title="Premiers pas en région : co-concevoir l'accueil",
        purpose=(
            "Comprendre ce dont les personnes nouvellement arrivées ont besoin pour s'installer hors de "
            "Montréal, et imaginer avec elles un parcours d'accueil en Estrie."
        ),
        scheduled_on=dt.date(2025, 10, 18),
        status=WorkshopStatus.OPEN,
        created_by_id=facilitator.id,
        join_code=DEMO_JOIN_CODE,
    )
    board = workshops.add_board(db=db, workshop=workshop, title="Notre arrivée en région")
    pseudonyms = {pseudonym for *_, column_notes in BOARD_COLUMNS for pseudonym, _ in column_notes}
    guests = {
        # The demo's participants joined as real ones do: pseudonym and consent.
        name: consent.join_workshop(
            db=db, workshop_id=workshop.id, pseudonym=name, language="fr", consented=True
        )
        for name in sorted(pseudonyms)
    }
    notes = {}
    for title, prompt, color, column_notes in BOARD_COLUMNS:
        column = workshops.add_column(db=db, board=board, title=title, prompt=prompt)
        for pseudonym, text in column_notes:
            notes[text] = board_notes.post_note(
                db=db,
                board_id=board.id,
                column_id=column.id,
                text=text,
                color=color,
                actor=Actor(guest_id=guests[pseudonym].id),
            )
    # The idea the « Parcours d'accueil en région » practice was made from, marked as decided in the session.
    notes[IDEA_CITY_TOUR].to_prototype = True
    return notes


def _seed_practices(
    *,
    db: Session,
    organizations: dict[str, Organization],
    people: dict[str, Person],
    notes: dict[str, Note],
) -> dict[str, Practice]:
    sheets: dict[str, dict[str, Any]] = {
        JUMELAGE: {
            "organization_id": organizations[MONTREAL].id,
            "author_id": people["marie_eve"].id,
            "title": "Jumelage interculturel",
            "summary": (
                "Une personne bénévole d'ici et une famille nouvellement arrivée se voient chaque semaine "
                "pendant six mois pour apprivoiser le quartier, pratiquer le français et créer des liens."
            ),
            "evidence_level": EvidenceLevel.PROVEN,
            "status": PracticeStatus.PUBLISHED,
            "term_codes": {
                TaxonomyScheme.REGION: ["06", "05"],
                TaxonomyScheme.INTEGRATION_AREA: ["reception", "civic_participation", "francization"],
                TaxonomyScheme.MIGRATORY_STATUS: ["pr_resettled_refugee", "protected_person", "pr_family"],
                TaxonomyScheme.RESIDENCE_LENGTH: ["lt_1y"],
            },
            "description_md": (
                "## Le principe\n\n"
                "Chaque famille est jumelée avec une personne bénévole qui habite le même quartier. Le duo "
                "choisit ses activités : épicerie, bibliothèque, parc, fête de quartier.\n\n"
                "## Comment ça se passe\n\n"
                "1. Une intervenante rencontre la famille et la personne bénévole séparément.\n"
                "2. Le jumelage tient compte des langues parlées, des enfants et des intérêts.\n"
                "3. Une rencontre de suivi a lieu au 1er, 3e et 6e mois.\n\n"
                "> « Ma jumelle m'a appris à prendre l'autobus. Maintenant, j'aide les nouveaux. »"
            ),
            "details": {
                "objectives": [
                    "Réduire l'isolement des familles pendant les six premiers mois",
                    "Donner des occasions de parler français hors de la classe",
                    "Faire connaître les ressources du quartier",
                ],
                "activities": [
                    "Recrutement et formation des bénévoles (3 heures)",
                    "Rencontre de jumelage animée par une intervenante",
                    "Rencontres hebdomadaires du duo, au choix des participant·es",
                    "Fête de fin de jumelage avec toutes les familles",
                ],
                "resources": {
                    "staff": "Une intervenante à 2 jours par semaine pour 25 jumelages",
                    "budget": "Guide, trousse d'activités et titres de transport : 4 000 $ par an",
                    "duration": "Jumelages de 6 mois, deux cohortes par année",
                },
                "partners": [
                    "Bibliothèque de l'arrondissement",
                    "École primaire du quartier",
                    "Table de quartier",
                ],
                "contact": {"name": "Marie-Ève Gagnon", "email": "marie-eve.gagnon@example.org"},
                "results": [
                    "82 jumelages en 3 ans, 9 sur 10 menés jusqu'au 6e mois",
                    "Rapport d'évaluation externe (2024) : sentiment d'appartenance en hausse",
                    "Repris depuis 2 ans par un organisme membre en Estrie",
                ],
            },
        },
        CAFES: {
            "organization_id": organizations[MONTREAL].id,
            "author_id": people["marie_eve"].id,
            "title": "Cafés-rencontres de francisation",
            "summary": (
                "Des rencontres conviviales d'une heure et demie, autour d'un café, pour pratiquer le "
                "français de tous les jours avec des bénévoles, en complément des cours."
            ),
            "evidence_level": EvidenceLevel.PROMISING,
            "status": PracticeStatus.PUBLISHED,
            "term_codes": {
                TaxonomyScheme.REGION: ["06", "05"],
                TaxonomyScheme.INTEGRATION_AREA: ["francization", "civic_participation"],
                TaxonomyScheme.MIGRATORY_STATUS: ["temporary_worker", "asylum_seeker", "pr_family"],
                TaxonomyScheme.RESIDENCE_LENGTH: ["lt_1y", "1_5y"],
            },
            "description_md": (
                "## Pour qui\n\n"
                "Toute personne qui apprend le français, quel que soit son niveau, **sans inscription**.\n\n"
                "## Déroulement\n\n"
                "- Accueil et café (15 min)\n"
                "- Discussion en petites tables sur un thème du quotidien : pharmacie, école, travail\n"
                "- Jeu de rôle en duo\n"
                "- Retour en grand groupe et annonce du prochain thème\n\n"
                "Les thèmes sont choisis avec les participant·es à la fin de chaque mois."
            ),
            "details": {
                "objectives": [
                    "Gagner en confiance à l'oral dans des situations de la vie courante",
                    "Rejoindre les personnes qui n'ont pas accès aux cours à temps plein",
                ],
                "activities": [
                    "Une rencontre par semaine, le mardi après-midi",
                    "Fiches thématiques illustrées",
                    "Rappel la veille aux personnes inscrites",
                ],
                "resources": {
                    "staff": "Deux bénévoles animateurs par rencontre, dans un local avec des tables mobiles",
                    "budget": "Café, thé et collations : environ 20 $ par rencontre",
                    "duration": "1 h 30 par semaine, toute l'année",
                },
                "partners": ["Centre de services scolaire (classes de francisation)", "Café de quartier"],
                "contact": {"name": "Marie-Ève Gagnon", "email": "marie-eve.gagnon@example.org"},
                "results": [
                    "Participation moyenne passée de 8 à 14 personnes après l'ajout d'un rappel par texto",
                    "Les participant·es disent oser parler au travail et chez le médecin",
                ],
            },
        },
        LOGEMENT: {
            "organization_id": organizations[QUEBEC].id,
            "author_id": people["fatou"].id,
            "title": "Accompagnement au logement",
            "summary": (
                "Une intervenante accompagne la recherche d'un premier logement : visites, bail, droits des "
                "locataires, et une lettre de référence de l'organisme pour rassurer les propriétaires."
            ),
            "evidence_level": EvidenceLevel.PROMISING,
            "status": PracticeStatus.IN_REVIEW,
            "term_codes": {
                TaxonomyScheme.REGION: ["03"],
                TaxonomyScheme.INTEGRATION_AREA: ["housing", "reception", "rights_justice"],
                TaxonomyScheme.MIGRATORY_STATUS: [
                    "pr_resettled_refugee",
                    "asylum_seeker",
                    "protected_person",
                ],
                TaxonomyScheme.RESIDENCE_LENGTH: ["lt_1y"],
            },
            "description_md": (
                "## Le problème\n\n"
                "Sans historique de crédit ni références au Canada, les personnes nouvellement arrivées "
                "essuient des refus et acceptent parfois des logements insalubres.\n\n"
                "## Ce que nous faisons\n\n"
                "- Un atelier « Louer au Québec » : le bail, le dépôt interdit, les recours possibles\n"
                "- L'accompagnement aux visites, avec interprète au besoin\n"
                "- Une **lettre de référence** de l'organisme et un réseau de propriétaires partenaires"
            ),
            "details": {
                "objectives": [
                    "Trouver un logement salubre et abordable en moins de 3 mois",
                    "Connaître ses droits et ses obligations de locataire",
                ],
                "activities": [
                    "Atelier mensuel « Louer au Québec »",
                    "Accompagnement individuel aux visites",
                    "Rencontres avec les propriétaires partenaires",
                ],
                "resources": {
                    "staff": "Une intervenante à temps plein, une banque d'interprètes",
                    "budget": "",
                    "duration": "Un an d'accompagnement par famille",
                },
                "partners": ["Comité logement du quartier", "Office municipal d'habitation"],
                "contact": {"name": "Fatou Diallo", "email": "fatou.diallo@example.org"},
                "results": ["64 familles logées en 2024, délai médian de 7 semaines"],
            },
        },
        PARCOURS: {
            "organization_id": organizations[ESTRIE].id,
            "author_id": people["jean_philippe"].id,
            "origin_note_id": notes[IDEA_CITY_TOUR].id,
            "title": "Parcours d'accueil en région",
            "summary": (
                "La première semaine en Estrie, un petit groupe visite ensemble les lieux utiles de la "
                "ville, avec une personne déjà installée : épicerie, clinique, bibliothèque, arrêt d'autobus."
            ),
            "evidence_level": EvidenceLevel.EMERGING,
            "status": PracticeStatus.DRAFT,
            "term_codes": {
                TaxonomyScheme.REGION: ["05"],
                TaxonomyScheme.INTEGRATION_AREA: ["regionalization", "reception"],
                TaxonomyScheme.MIGRATORY_STATUS: ["pr_economic", "temporary_worker", "international_student"],
                TaxonomyScheme.RESIDENCE_LENGTH: ["lt_1y"],
            },
            "description_md": (
                "## D'où vient l'idée\n\n"
                "Proposée par une participante de l'atelier « Premiers pas en région » : *une visite de la "
                "ville en groupe la première semaine*.\n\n"
                "## Prototype à tester\n\n"
                "Une demi-journée, en autobus, avec un guide illustré en plusieurs langues et une personne "
                "immigrante installée depuis plus d'un an."
            ),
            "details": {
                "objectives": [
                    "Savoir se déplacer seul·e et trouver les services essentiels dès le premier mois"
                ],
                "activities": [
                    "Visite guidée en autobus",
                    "Guide illustré multilingue",
                    "Collation de bienvenue",
                ],
                "resources": {
                    "staff": "Une personne-ressource rémunérée par visite",
                    "budget": "Titres de transport",
                    "duration": "Une demi-journée",
                },
                "partners": ["Société de transport", "Bibliothèque municipale"],
                "contact": {"name": "Jean-Philippe Roy", "email": "jean-philippe.roy@example.org"},
                "results": [],
            },
        },
        COMPETENCES: {
            "organization_id": organizations[QUEBEC].id,
            "author_id": people["fatou"].id,
            "title": "Passerelle compétences",
            "summary": (
                "Un accompagnement pour faire reconnaître ses diplômes et son expérience : dossier "
                "d'équivalence, ordres professionnels, stage d'observation en entreprise."
            ),
            "evidence_level": EvidenceLevel.EMERGING,
            "status": PracticeStatus.PUBLISHED,
            "term_codes": {
                TaxonomyScheme.REGION: ["03"],
                TaxonomyScheme.INTEGRATION_AREA: ["employment", "education_family"],
                TaxonomyScheme.MIGRATORY_STATUS: ["pr_economic", "pr_family", "protected_person"],
                TaxonomyScheme.RESIDENCE_LENGTH: ["1_5y", "gt_5y"],
            },
            "description_md": (
                "## Étapes\n\n"
                "1. Bilan du parcours scolaire et professionnel, dans la langue de la personne\n"
                "2. Demande d'évaluation comparative des études\n"
                "3. Rencontre avec l'ordre professionnel, si la profession est réglementée\n"
                "4. Stage d'observation de deux semaines chez un employeur partenaire"
            ),
            "details": {
                "objectives": ["Occuper un emploi à la hauteur de ses compétences"],
                "activities": [
                    "Bilan de compétences",
                    "Aide au dossier d'équivalence",
                    "Stages d'observation",
                ],
                "resources": {
                    "staff": "Une conseillère en emploi",
                    "budget": "Frais d'évaluation comparative remboursés",
                    "duration": "Six mois",
                },
                "partners": ["Chambre de commerce régionale", "Services d'emploi"],
                "contact": {"name": "Fatou Diallo", "email": "fatou.diallo@example.org"},
                "results": ["Première cohorte de 12 personnes : 7 en emploi dans leur domaine après 6 mois"],
            },
        },
    }
    return {key: catalog.create_practice(db=db, **sheet) for key, sheet in sheets.items()}


def _seed_cycle(*, db: Session, practice: Practice) -> None:
    cycle = cycles.create_cycle(
        db=db,
        practice_id=practice.id,
        title="Un rappel par texto la veille",
        started_on=CYCLE_START,
        plan={
            "objective": (
                "Augmenter la participation aux cafés-rencontres en envoyant, la veille, un rappel par texto "
                "en français simple, avec une image."
            ),
            "questions": [
                {
                    "question": "Le rappel augmente-t-il le nombre de personnes présentes ?",
                    "prediction": "Oui : de 8 à au moins 12 personnes par rencontre.",
                },
                {
                    "question": "Les personnes répondent-elles au texto pour confirmer leur présence ?",
                    "prediction": "Environ la moitié répondra.",
                },
            ],
            "who": "Marie-Ève Gagnon et les deux bénévoles animateurs",
            "where": "Carrefour d'accueil de Montréal-Nord",
            "when": "7 semaines, à partir du 7 octobre 2025",
            "tasks": [
                {
                    "task": "Recueillir les numéros et le consentement à recevoir des textos",
                    "who": "Marie-Ève",
                },
                {"task": "Écrire le message avec deux participantes", "who": "Bénévoles"},
                {"task": "Compter les présences à chaque rencontre", "who": "Bénévoles"},
            ],
        },
    )
    stages.advance(db=db, cycle=cycle, by=None, today=CYCLE_START)
    stages.save_doing(
        db=db,
        cycle=cycle,
        doing=stages.Doing(
            what_happened="Les rappels sont partis chaque lundi à 17 h.",
            problems=("Deux numéros ne recevaient pas les textos (téléphones sans forfait).",),
        ),
    )
    feedback.add_feedback(db=db, cycle=cycle, text="Avec le message, je n'oublie plus.", by=None)
    stages.advance(db=db, cycle=cycle, by=None, today=CYCLE_START)
    measures = (
        (
            "Personnes présentes par café-rencontre",
            MeasureKind.OUTCOME,
            "personnes",
            (8, 9, 7, 8, 10, 12, 14, 13, 15, 14, 16, 15),
        ),
        (
            "Inscrit·es joint·es par un rappel la veille",
            MeasureKind.PROCESS,
            "%",
            (30, 25, 35, 20, 30, 85, 90, 88, 92, 95, 90, 93),
        ),
    )
    for name, kind, unit, values in measures:
        measure = measures_service.define_measure(
            db=db,
            practice_id=practice.id,
            cycle_id=cycle.id,
            draft=measures_service.MeasureDraft(name=name, kind=kind, unit=unit, direction=Direction.UP),
        )
        for week, value in enumerate(values):
            observed_on = FIRST_WEEK + dt.timedelta(weeks=week)
            started = observed_on >= CYCLE_START
            measures_service.record_point(
                db=db,
                measure=measure,
                draft=measures_service.PointDraft(
                    observed_on=observed_on.isoformat(),
                    value=str(value),
                    annotation="Premiers rappels par texto" if observed_on == CYCLE_START else "",
                ),
                cycle_id=cycle.id if started else None,
                today=observed_on,
            )


# How the cafés-rencontres were adapted in three regions: evenings and shorter meetings recur, the candidates
# for the next version of the practice. (region, organization, author, summary, FRAME answers)
CAFES_ADAPTATIONS: tuple[tuple[str, str, str, str, dict[str, dict[str, Any]]], ...] = (
    (
        "05",
        ESTRIE,
        "jean_philippe",
        "Cafés-rencontres raccourcis à une heure, le mercredi à 19 h, dans la salle communautaire près des "
        "logements des travailleur·euses étranger·ères temporaires ; covoiturage organisé avec les "
        "employeurs.",
        {
            "when": {"value": "implementation", "notes": "Après deux rencontres de jour presque vides."},
            "planned": {"value": "planned_reactive"},
            "decided_by": {"value": ["program_manager", "intervention_team", "recipients"]},
            "what": {"value": ["context", "content"]},
            "level": {"value": ["target_group"], "notes": "Travailleur·euses agricoles et d'usine."},
            "type": {
                "value": ["setting", "format", "shortening"],
                "notes": "Le soir, près des logements ; 60 minutes au lieu de 90 ; une table thématique.",
            },
            "fidelity": {"value": "consistent", "notes": "Pratique orale, thèmes du quotidien, bénévoles."},
            "reasons": {"value": ["reach", "feasibility", "fit_with_recipients"]},
            "contextual_factors": {
                "value": ["work_schedule", "transport", "rural_area"],
                "notes": "Quarts de travail de jour, pas de voiture, autobus rare le soir.",
            },
            "permanence": {"value": "permanent"},
        },
    ),
    (
        "06",
        MONTREAL,
        "marie_eve",
        "Une halte-garderie pendant les cafés du samedi matin, et des thèmes choisis avec les mères.",
        {
            "when": {"value": "implementation"},
            "planned": {"value": "planned_proactive"},
            "decided_by": {"value": ["intervention_team", "recipients"]},
            "what": {"value": ["context", "content"]},
            "level": {"value": ["target_group"]},
            "type": {"value": ["format", "tailoring", "adding"], "notes": "Halte-garderie, thèmes famille."},
            "fidelity": {"value": "consistent"},
            "reasons": {"value": ["reach", "retention", "fit_with_recipients"]},
            "contextual_factors": {"value": ["work_schedule", "organization_resources"]},
            "permanence": {"value": "permanent"},
        },
    ),
    (
        "03",
        QUEBEC,
        "fatou",
        "Cafés du soir en visioconférence l'hiver, en petits groupes de six.",
        {
            "when": {"value": "scale_up"},
            "planned": {"value": "unplanned_reactive"},
            "decided_by": {"value": ["practitioner"]},
            "what": {"value": ["context"]},
            "level": {"value": ["cohort"]},
            "type": {"value": ["format", "shortening"], "notes": "45 minutes en ligne."},
            "fidelity": {"value": "unknown", "notes": "La conversation libre perd en spontanéité."},
            "reasons": {"value": ["feasibility", "reach"]},
            "contextual_factors": {"value": ["transport", "work_schedule"]},
            "permanence": {"value": "temporary"},
        },
    ),
)

HEXAGON_JUMELAGE = {
    "need": {"rating": 5, "notes": "Liste d'attente de familles réfugiées isolées à Québec."},
    "fit": {"rating": 4, "notes": "Cohérent avec notre mission et le programme d'accompagnement."},
    "resources": {"rating": 3, "notes": "Guide et formation disponibles ; financer 2 jours d'intervenante."},
    "evidence": {"rating": 4, "notes": "Évaluation externe en 2024, reprise réussie en Estrie."},
    "readiness": {"rating": 4, "notes": "L'organisme d'origine offre un mentorat de 6 mois."},
    "capacity": {"rating": 2, "notes": "Peu de bénévoles : recruter avec les cégeps et les paroisses."},
}
HEXAGON_CAFES = {
    "need": {"rating": 4, "notes": "Isolement des travailleur·euses temporaires hors des villes."},
    "fit": {"rating": 5, "notes": "S'ajoute sans peine aux activités de francisation."},
    "resources": {"rating": 4, "notes": "Bénévoles fidèles, salle prêtée."},
    "evidence": {"rating": 3, "notes": "Cycle PDSA : participation doublée avec les rappels par texto."},
    "readiness": {"rating": 4, "notes": "Guide d'animation écrit pendant le cycle."},
    "capacity": {"rating": 4, "notes": "Deux intervenantes formées."},
}


def _seed_adaptations(
    *,
    db: Session,
    practice: Practice,
    organizations: dict[str, Organization],
    people: dict[str, Person],
    origin_note: Note,
) -> None:
    for region, organization, author, summary, answers in CAFES_ADAPTATIONS:
        adaptations.save_adaptation(
            db=db,
            adaptation_id=None,
            record=adaptations.AdaptationInput(
                practice_id=practice.id,
                organization_id=organizations[organization].id,
                region_code=region,
                summary=summary,
                frame=answers,
                # The Estrie evenings came from the workshop's idea of French classes after work.
                note_ids=(origin_note.id,) if organization == ESTRIE else (),
            ),
            by=_acting(people[author]),
        )


def _acting(person: Person) -> Identity:
    """The person as a service sees them when they act: their roles are what they may read and write."""
    return Identity(
        session_id=0,
        display_name=person.display_name,
        person_id=person.id,
        is_admin=person.is_admin,
        roles=frozenset((m.organization_id, m.role) for m in person.memberships),
    )


def _seed_evaluations(
    *,
    db: Session,
    practices: dict[str, Practice],
    organizations: dict[str, Organization],
    people: dict[str, Person],
) -> None:
    # Jumelage in Québec waits for a manager's review; the cafés in Estrie were approved and scaled out.
    pending = evaluations.save_evaluation(
        db=db,
        evaluation_id=None,
        record=evaluations.EvaluationInput(
            practice_id=practices[JUMELAGE].id,
            organization_id=organizations[QUEBEC].id,
            region_code="03",
            framework="hexagon",
            answers=HEXAGON_JUMELAGE,
        ),
        by_person_id=people["fatou"].id,
    )
    review.make_move(
        db=db, evaluation_id=pending.id, move=ReviewMove.SUBMIT, comment="", by_person_id=people["fatou"].id
    )
    decided = evaluations.save_evaluation(
        db=db,
        evaluation_id=None,
        record=evaluations.EvaluationInput(
            practice_id=practices[CAFES].id,
            organization_id=organizations[ESTRIE].id,
            region_code="05",
            framework="hexagon",
            answers=HEXAGON_CAFES,
        ),
        by_person_id=people["jean_philippe"].id,
    )
    manager = people["nathalie"].id
    for move, comment, decision in (
        (ReviewMove.SUBMIT, "", ""),
        (ReviewMove.APPROVE, "", ""),
        (
            ReviewMove.DECIDE,
            "Étendre aux régions où des travailleur·euses temporaires vivent loin des services, avec la "
            "version du soir.",
            "scale_out",
        ),
    ):
        review.make_move(
            db=db,
            evaluation_id=decided.id,
            move=move,
            comment=comment,
            decision=decision,
            by_person_id=people["jean_philippe"].id if move is ReviewMove.SUBMIT else manager,
        )
