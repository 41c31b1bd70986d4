"""The jobs module's domain logic, by topic: common (identifier, batching,
search errors), importing (feed imports and expiry), runs (queued imports,
one at a time per connector, and their progress), postal_codes (positions
of postal codes), search (offers by text, kind, language and distance).

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
from .runs import (
    counts_of,
    counts_text,
    error_text,
    fail_queued,
    latest_run,
    latest_runs,
    queue_import,
    status_of,
    summary,
)
from .search import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, get_offer, search_offers

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MODULE",
    "SHIPPED_POSTAL_CODES",
    "SearchError",
    "UnknownPostalCode",
    "counts_of",
    "counts_text",
    "due_connectors",
    "error_text",
    "fail_queued",
    "get_offer",
    "import_postal_codes",
    "latest_run",
    "latest_runs",
    "position_of_postal_code",
    "queue_import",
    "remove_expired",
    "run_import",
    "search_offers",
    "status_of",
    "summary",
]
