"""Validation rules: graphql-core's standard rules plus Rathaus' limits.

graphene-django's ``validation_rules`` *replaces* graphql-core's
``specified_rules`` (a query asking for an unknown field would then run and
answer ``{}``), so :func:`validation_rules` always returns the standard rules
first and appends the limits. Every limit violation carries
``extensions.code = "QUERY_TOO_COMPLEX"``.
"""

from dataclasses import dataclass

from django.conf import settings
from graphene.validation import depth_limit_validator
from graphql import GraphQLError
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
)
from graphql.validation import ValidationRule, specified_rules

from .errors import QueryTooComplex

DEFAULTS = {
    # Deepest selection (fields nested in fields), introspection excluded.
    "MAX_DEPTH": 12,
    # Aliased fields in one operation, fragments included.
    "MAX_ALIASES": 30,
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
    # Bytes of responses each worker process also keeps in memory (0: none).
    # Cache keys change with the content, so these copies are never stale.
    "LOCAL_CACHE_BYTES": 64 * 1024 * 1024,
    # Django cache alias for responses and content generations.
    "CACHE_ALIAS": "default",
    # id -> document map; None means frontend_contract/persisted-documents.json
    # in the checkout (settings.BASE_DIR).
    "PERSISTED_DOCUMENTS": None,
    # Only documents from the persisted map are accepted (trusted documents).
    # Off by default: GraphiQL, tests and new frontends send ad-hoc documents.
    "PERSISTED_DOCUMENTS_ONLY": False,
}


def config():
    """``settings.RATHAUS_GRAPHQL`` over :data:`DEFAULTS`."""
    return {**DEFAULTS, **getattr(settings, "RATHAUS_GRAPHQL", {})}


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_page_size: int
    page_size_arguments: tuple

    @classmethod
    def from_settings(cls):
        values = config()
        return cls(
            max_depth=int(values["MAX_DEPTH"]),
            max_aliases=int(values["MAX_ALIASES"]),
            max_page_size=int(values["MAX_PAGE_SIZE"]),
            page_size_arguments=tuple(values["PAGE_SIZE_ARGUMENTS"]),
        )


def _too_complex(message, nodes=None):
    # RathausError takes no nodes; a plain GraphQLError keeps the locations.
    return GraphQLError(message, nodes=nodes, extensions={"code": QueryTooComplex.code})


def coded(rule_class, code=QueryTooComplex.code):
    """Wrap a third-party rule so every error it reports carries ``code``.

    graphene's depth limiter reports plain GraphQLErrors from ``__init__``.
    """

    class CodedRule(rule_class):
        def __init__(self, context):
            original = context.report_error

            def report_error(error):
                error.extensions = {**(error.extensions or {}), "code": code}
                original(error)

            context.report_error = report_error
            try:
                super().__init__(context)
            finally:
                del context.report_error

    CodedRule.__name__ = f"Coded{rule_class.__name__}"
    return CodedRule


def _fragment_fields(selection_set, fragments, seen):
    """Yield every FieldNode reachable from a selection set, through fragments."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
            yield from _fragment_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fragment_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue  # cycles and unknown fragments: the standard rules report
            yield from _fragment_fields(
                fragments[name].selection_set, fragments, seen | {name}
            )


def operation_fields(document, operation):
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return _fragment_fields(operation.selection_set, fragments, frozenset())


def alias_limit_rule(max_aliases):
    class AliasCountLimitRule(ValidationRule):
        """At most ``max_aliases`` aliased fields per operation.

        Aliases inside fragments count each time a fragment is spread, which is
        what the server has to resolve.
        """

        def enter_operation_definition(self, node: OperationDefinitionNode, *_):
            document = self.context.document
            count = sum(1 for field in operation_fields(document, node) if field.alias)
            if count > max_aliases:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    _too_complex(
                        f"Operation '{name}' uses {count} aliases; "
                        f"at most {max_aliases} are allowed.",
                        [node],
                    )
                )

    return AliasCountLimitRule


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


def page_size_variables(document, operation, argument_names):
    """Names of variables used as page-size arguments in the operation."""
    names = frozenset(argument_names)
    found = set()
    for field in operation_fields(document, operation):
        for argument in field.arguments or ():
            if argument.name.value in names and isinstance(
                argument.value, VariableNode
            ):
                found.add(argument.value.name.value)
    return found


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


def validation_rules(limits=None):
    """The full rule set: ``specified_rules`` first, then the limits."""
    limits = limits or Limits.from_settings()
    return (
        *specified_rules,
        coded(depth_limit_validator(limits.max_depth)),
        alias_limit_rule(limits.max_aliases),
        page_size_limit_rule(limits.max_page_size, limits.page_size_arguments),
    )
