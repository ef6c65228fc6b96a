"""Every table of the lab, so that ``Base.metadata`` is complete for Alembic and the tests."""

from livinglab.adaptations import models as adaptations
from livinglab.catalog import models as catalog
from livinglab.core import audit, taxonomy
from livinglab.core.database import Base
from livinglab.cycles import models as cycles
from livinglab.evaluations import models as evaluations
from livinglab.identity import models as identity
from livinglab.workshops import models as workshops

__all__ = [
    "Base",
    "adaptations",
    "audit",
    "catalog",
    "cycles",
    "evaluations",
    "identity",
    "taxonomy",
    "workshops",
]
