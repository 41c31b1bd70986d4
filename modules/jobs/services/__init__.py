"""The jobs module's domain logic, by topic: common (identifier, batching,
search errors), importing (feed imports and expiry), postal_codes (positions
of postal codes), search (offers by text, kind, language and distance).

Tasks, management commands, admin views and GraphQL resolvers all call these
functions.
"""

from .common import MODULE, SearchError, UnknownPostalCode
from .importing import (
    BATCH_SIZE,
    MAX_FEED_BYTES,
    ImportStats,
    due_connectors,
    remove_expired,
    run_import,
    store_records,
)
from .postal_codes import (
    SHIPPED_POSTAL_CODES,
    import_postal_codes,
    load_shipped_postal_codes,
    position_of_postal_code,
)
from .search import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_RADIUS_KM,
    SearchResult,
    get_offer,
    search_offers,
    validate_search,
)

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_PAGE_SIZE",
    "MAX_FEED_BYTES",
    "MAX_PAGE_SIZE",
    "MAX_RADIUS_KM",
    "MODULE",
    "SHIPPED_POSTAL_CODES",
    "ImportStats",
    "SearchError",
    "SearchResult",
    "UnknownPostalCode",
    "due_connectors",
    "get_offer",
    "import_postal_codes",
    "load_shipped_postal_codes",
    "position_of_postal_code",
    "remove_expired",
    "run_import",
    "search_offers",
    "store_records",
    "validate_search",
]
