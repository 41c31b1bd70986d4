"""Limits on what one request may cost, and the validation rules.

graphene-django's ``validation_rules`` *replaces* graphql-core's
``specified_rules`` (a query asking for an unknown field would then run and
answer ``{}``), so :func:`validation_rules` always returns the standard rules
first and appends the limits.

Order matters as much as the rules: several standard rules (and graphene's
depth limiter, not used here) follow fragment spreads wherever they occur, so
a small document can cost them exponential time. :func:`validate_document`
therefore measures the document first with :mod:`.cost` (linear, each
fragment once) and runs the standard rules only on documents within the
limits. Every limit violation carries ``extensions.code = "QUERY_TOO_COMPLEX"``.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from graphql import GraphQLError, validate
from graphql.language import FragmentDefinitionNode, IntValueNode
from graphql.validation import (
    NoSchemaIntrospectionCustomRule,
    ValidationRule,
    specified_rules,
)

from .cost import CostAnalysis, FragmentCycle
from .errors import QueryTooComplex, ValidationRejected

DEFAULTS = {
    # Deepest selection (fields nested in fields), introspection excluded.
    "MAX_DEPTH": 12,
    # Aliased fields in one operation, fragments included.
    "MAX_ALIASES": 30,
    # Field selections in one operation, counted as if every fragment were
    # written out where it is spread (what the server resolves per object).
    "MAX_FIELDS": 500,
    # Fragment spreads and inline fragments in one operation, counted the
    # same way.
    "MAX_SPREADS": 100,
    # Selections of one response path (``a.b.c``, fragments written out):
    # the standard overlap rule compares them pairwise, so its work is at
    # most MAX_FIELDS * MAX_DUPLICATE_FIELDS / 2 comparisons.
    "MAX_DUPLICATE_FIELDS": 20,
    # Lexical tokens in a document (the parser stops at this count).
    "MAX_TOKENS": 10_000,
    # Variables: nesting of lists and objects, and values in total.
    "MAX_VARIABLE_DEPTH": 10,
    "MAX_VARIABLE_VALUES": 5_000,
    # Seconds one request may spend in parsing, validation and execution
    # before it is stopped with QUERY_TOO_COMPLEX (checked between fields).
    "TIME_BUDGET_SECONDS": 10.0,
    # Whether __schema and __type may be queried (production: off).
    "INTROSPECTION": True,
    # Largest value allowed for a page-size argument.
    "MAX_PAGE_SIZE": 500,
    # Argument names that ask for a page of a list.
    "PAGE_SIZE_ARGUMENTS": ("first", "last", "limit", "pageSize"),
    # Response cache: seconds a CDN or client may reuse a response, and may
    # keep serving it while it revalidates in the background.
    "CACHE_MAX_AGE": 30,
    "CACHE_STALE_WHILE_REVALIDATE": 60,
    # Seconds a response stays in the server's cache (entries also become
    # unreachable as soon as a content generation changes).
    "RESPONSE_CACHE_TIMEOUT": 600,
    # Page-tree indexes (one per municipality, locale and content generation)
    # each worker process keeps; about 1 MB per 1,500 pages.
    "INDEX_CACHE_SIZE": 16,
    # Page trees (per selection, municipality and locale) whose pages' answers
    # each worker process keeps, so that the next tree recomputes only the
    # pages that changed (content/fragments.py); about 6 MB per 1,500 pages.
    # 0: none.
    "PAGE_FRAGMENT_SETS": 8,
    # Bytes of responses each worker process also keeps in memory (0: none).
    # Cache keys change with the content, so these copies are never stale.
    "LOCAL_CACHE_BYTES": 64 * 1024 * 1024,
    # Milliseconds a worker reuses the content generations it read for a cached
    # GET, without a cache round trip (0: read them on every request). A
    # cached response can then be this much older than a change another
    # process made; CACHE_MAX_AGE already allows clients more.
    "GENERATION_MEMO_MS": 1000,
    # Django cache alias for responses and content generations.
    "CACHE_ALIAS": "default",
    # id -> document map; None means frontend_contract/persisted-documents.json
    # in the checkout (settings.BASE_DIR).
    "PERSISTED_DOCUMENTS": None,
    # Only documents from the persisted map are accepted (trusted documents).
    # Off by default: GraphiQL, tests and new frontends send ad-hoc documents.
    "PERSISTED_DOCUMENTS_ONLY": False,
    # Seconds a client is asked to wait (Retry-After) when a database, cache
    # or queue is unavailable.
    "UNAVAILABLE_RETRY_AFTER": 30,
}


# Limit errors reported for one document (the rest say the same).
MAX_REPORTED_ERRORS = 5


def config():
    """``settings.RATHAUS_GRAPHQL`` over :data:`DEFAULTS`."""
    return {**DEFAULTS, **getattr(settings, "RATHAUS_GRAPHQL", {})}


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_page_size: int
    page_size_arguments: tuple
    max_fields: int = DEFAULTS["MAX_FIELDS"]
    max_spreads: int = DEFAULTS["MAX_SPREADS"]
    max_duplicate_fields: int = DEFAULTS["MAX_DUPLICATE_FIELDS"]
    max_tokens: int = DEFAULTS["MAX_TOKENS"]
    max_variable_depth: int = DEFAULTS["MAX_VARIABLE_DEPTH"]
    max_variable_values: int = DEFAULTS["MAX_VARIABLE_VALUES"]
    time_budget: float = DEFAULTS["TIME_BUDGET_SECONDS"]
    introspection: bool = True

    @classmethod
    def from_settings(cls):
        values = config()
        return cls(
            max_depth=int(values["MAX_DEPTH"]),
            max_aliases=int(values["MAX_ALIASES"]),
            max_page_size=int(values["MAX_PAGE_SIZE"]),
            page_size_arguments=tuple(values["PAGE_SIZE_ARGUMENTS"]),
            max_fields=int(values["MAX_FIELDS"]),
            max_spreads=int(values["MAX_SPREADS"]),
            max_duplicate_fields=int(values["MAX_DUPLICATE_FIELDS"]),
            max_tokens=int(values["MAX_TOKENS"]),
            max_variable_depth=int(values["MAX_VARIABLE_DEPTH"]),
            max_variable_values=int(values["MAX_VARIABLE_VALUES"]),
            time_budget=float(values["TIME_BUDGET_SECONDS"]),
            introspection=bool(values["INTROSPECTION"]),
        )


def _too_complex(message, nodes=None):
    # RathausError takes no nodes; a plain GraphQLError keeps the locations.
    return GraphQLError(message, nodes=nodes, extensions={"code": QueryTooComplex.code})


# -- cost: measured before the standard rules --------------------------------


def _operation_label(operation):
    return operation.name.value if operation.name else "anonymous"


def _cost_errors(label, cost, node, limits):
    checks = (
        ("depth", cost.depth, limits.max_depth, "has a depth of {0}"),
        ("aliases", cost.aliases, limits.max_aliases, "uses {0} aliases"),
        ("fields", cost.fields, limits.max_fields, "selects {0} fields"),
        ("spreads", cost.spreads, limits.max_spreads, "spreads {0} fragments"),
    )
    for name, value, limit, text in checks:
        if value > limit:
            yield _too_complex(
                f"{label} {text.format(value)}; the maximum {name} is {limit} "
                "(fragments count each time they are spread).",
                [node],
            )


def check_document(document, limits):
    """(errors, {operation name: Cost}) for a parsed document, in linear time.

    Fragment cycles are GRAPHQL_VALIDATION_FAILED (a spec rule), every limit
    QUERY_TOO_COMPLEX. Fragment definitions are measured too: the standard
    rules visit them whether or not an operation spreads them. The field
    limit holds for the operations together: several standard rules follow
    every operation's spreads, so a document of a thousand operations that
    each spread the same 480 fields costs a thousand times one.
    """
    analysis = CostAnalysis(document, limits.page_size_arguments)
    errors, costs = [], {}
    definitions = [
        *((f"Fragment '{name}'", node) for name, node in analysis.fragments.items()),
        *(
            (f"Operation '{_operation_label(node)}'", node)
            for node in analysis.operations
        ),
    ]
    operations = total = 0
    try:
        for label, node in definitions:
            if isinstance(node, FragmentDefinitionNode):
                cost = analysis.fragment_cost(node.name.value)
            else:
                cost = analysis.operation_cost(node)
                costs[node.name.value if node.name else None] = cost
                operations += 1  # names may repeat (an error the rules report)
                total += cost.fields
            errors.extend(_cost_errors(label, cost, node, limits))
            if len(errors) >= MAX_REPORTED_ERRORS:
                return errors[:MAX_REPORTED_ERRORS], costs
        if not errors and operations > 1 and total > limits.max_fields:
            errors.append(
                _too_complex(
                    f"The document's {operations} operations select {total} "
                    f"fields together; the maximum fields is {limits.max_fields} "
                    "per document (fragments count each time they are spread)."
                )
            )
        if errors:  # the path walk below is bounded by the field limit
            return errors, costs
        for label, node in definitions:
            count, path = analysis.path_duplicates(node)
            if count > limits.max_duplicate_fields:
                errors.append(
                    _too_complex(
                        f"{label} selects the response path '{'.'.join(path)}' "
                        f"{count} times; the maximum duplicates is "
                        f"{limits.max_duplicate_fields} (fragments count each "
                        "time they are spread).",
                        [node],
                    )
                )
            if not isinstance(node, FragmentDefinitionNode):
                name = node.name.value if node.name else None
                costs[name] = replace(costs[name], duplicates=count)
        errors = errors[:MAX_REPORTED_ERRORS]
    except FragmentCycle as cycle:
        names = cycle.names
        nodes = [analysis.fragments[name] for name in names]
        path = " -> ".join([*names, names[0]])
        error = GraphQLError(
            f"Fragments spread each other in a cycle: {path}.",
            nodes=nodes,
            extensions={"code": ValidationRejected.code},
        )
        return [error], {}
    except RecursionError:
        return [_too_complex("The document is nested too deeply.")], {}
    return errors, costs


def cost_limit_rule(limits):
    class CostLimitRule(ValidationRule):
        """The limits of :func:`check_document` as a rule, for callers that
        run ``validate`` themselves (``manage.py check_contract``)."""

        def enter_document(self, node, *_):
            for error in check_document(node, limits)[0]:
                self.report_error(error)

    return CostLimitRule


def page_size_limit_rule(max_page_size, argument_names):
    names = frozenset(argument_names)

    class PageSizeLimitRule(ValidationRule):
        """Page-size arguments (``first``, ``limit``...) at most ``max_page_size``.

        Literal values are checked here; values passed in variables are checked
        by :func:`check_page_size_variables` before execution, because
        validation does not see variable values.
        """

        def enter_argument(self, node, *_):
            if node.name.value not in names:
                return
            value = node.value
            if isinstance(value, IntValueNode) and int(value.value) > max_page_size:
                self.report_error(
                    _too_complex(
                        f"Argument '{node.name.value}' is {value.value}; "
                        f"the largest page size is {max_page_size}.",
                        [node],
                    )
                )

    return PageSizeLimitRule


def check_page_size_variables(variable_names, variables, limits):
    """A QUERY_TOO_COMPLEX error when a page-size variable is too large."""
    for name in sorted(variable_names):
        value = (variables or {}).get(name)
        if isinstance(value, int) and value > limits.max_page_size:
            return QueryTooComplex(
                f"Variable '${name}' is {value}; "
                f"the largest page size is {limits.max_page_size}."
            )
    return None


def validation_rules(limits=None, *, cost=True):
    """The full rule set: ``specified_rules`` first, then the limits
    (``cost=False``: without the cost rule, for a document that
    :func:`check_document` has measured already)."""
    limits = limits or Limits.from_settings()
    rules = [
        *specified_rules,
        *([cost_limit_rule(limits)] if cost else []),
        page_size_limit_rule(limits.max_page_size, limits.page_size_arguments),
    ]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


def validate_document(graphql_schema, document, limits=None):
    """(errors, costs): the cheap measurement first; the standard rules only
    for documents within the limits."""
    limits = limits or Limits.from_settings()
    errors, costs = check_document(document, limits)
    if errors:
        return errors, costs
    rules = validation_rules(limits, cost=False)
    return validate(graphql_schema, document, rules), costs
