"""The jobs module's domain logic, by topic: common (identifier, batching,
search errors), importing (feed imports, recorded as ``ImportRun``, and
expiry), postal_codes (positions of postal codes), search (offers by text,
kind, language and distance).

Tasks, management commands, admin views and GraphQL resolvers all call these
functions.
"""

from .common import MODULE, SearchError, UnknownPostalCode
from .importing import due_connectors, remove_expired, run_import
from .postal_codes import (
    SHIPPED_POSTAL_CODES,
    import_postal_codes,
    position_of_postal_code,
)
from .search import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, get_offer, search_offers

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MODULE",
    "SHIPPED_POSTAL_CODES",
    "SearchError",
    "UnknownPostalCode",
    "due_connectors",
    "get_offer",
    "import_postal_codes",
    "position_of_postal_code",
    "remove_expired",
    "run_import",
    "search_offers",
]
