"""A compiled executor for queries: the same resolvers, without graphql-core's
per-field bookkeeping.

For every field of every object, graphql-core builds a ``ResolveInfo``,
coerces the arguments, checks for awaitables and walks the type wrappers: for
a 1,500-page ``PageTree`` that is 46,000 fields and most of the response time.
Here a plan is made once per request (fields, arguments, resolvers, leaf
serialisers, from the operation's selection sets) and applied to every
object with the schema's own resolvers.

The plan covers what the contract uses: object types, lists, non-null
wrappers, scalars and enums, fragments, ``@skip``/``@include``,
``__typename``. Anything else (abstract types, introspection, awaitables,
middleware) and any error makes it give up (:class:`GiveUp`) before anything
is returned, and the view runs graphql-core, which then reports the error the
way the spec says. So a response is always the one graphql-core would give;
the tests compare both executors on every contract operation.
"""

from inspect import iscoroutinefunction

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    OperationType,
    Undefined,
    default_field_resolver,
    is_leaf_type,
)
from graphql.execution.collect_fields import collect_fields, collect_sub_fields
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.pyutils import Path, is_awaitable, is_iterable


class GiveUp(Exception):
    """The compiled executor cannot answer this request: use graphql-core."""


def _typename(name):
    return lambda value: name


class Compiler:
    def __init__(self, schema, document, operation, variables, context, root_value):
        self.schema = schema
        self.operation = operation
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        coerced = get_variable_values(
            schema, operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):  # variable errors: graphql-core reports
            raise GiveUp
        self.variables = coerced
        self.context = context
        self.root_value = root_value

    def root_plan(self):
        root_type = self.schema.query_type
        fields = collect_fields(
            self.schema,
            self.fragments,
            self.variables,
            root_type,
            self.operation.selection_set,
        )
        return self._fields(root_type, fields, None)

    def _fields(self, parent_type, fields, path):
        """[(response key, resolve(value) -> completed value)]"""
        plans = []
        for key, field_nodes in fields.items():
            name = field_nodes[0].name.value
            if name == "__typename":
                plans.append((key, _typename(parent_type.name)))
                continue
            field = parent_type.fields.get(name)
            if field is None or name.startswith("__"):
                raise GiveUp  # introspection (or a field graphql-core rejects)
            resolver = field.resolve or default_field_resolver
            if iscoroutinefunction(resolver):
                raise GiveUp
            try:
                arguments = get_argument_values(field, field_nodes[0], self.variables)
            except GraphQLError:
                raise GiveUp from None
            field_path = Path(path, key, parent_type.name)
            info = GraphQLResolveInfo(
                name,
                field_nodes,
                field.type,
                parent_type,
                field_path,
                self.schema,
                self.fragments,
                self.root_value,
                self.operation,
                self.variables,
                self.context,
                is_awaitable,
            )
            completer = self._completer(field.type, field_nodes, field_path)
            plans.append((key, _field(resolver, info, arguments, completer)))
        return plans

    def _completer(self, type_, field_nodes, path):
        """A function completing a resolved value of ``type_``."""
        if isinstance(type_, GraphQLNonNull):
            return _non_null(self._completer(type_.of_type, field_nodes, path))
        if isinstance(type_, GraphQLList):
            return _list(self._completer(type_.of_type, field_nodes, path))
        if is_leaf_type(type_):
            return _leaf(type_.serialize)
        if isinstance(type_, GraphQLObjectType):
            if type_.is_type_of is not None:
                raise GiveUp
            fields = collect_sub_fields(
                self.schema, self.fragments, self.variables, type_, field_nodes
            )
            return _object(self._fields(type_, fields, path))
        raise GiveUp  # interfaces and unions


def _field(resolver, info, arguments, completer):
    if arguments:
        return lambda value: completer(resolver(value, info, **arguments))
    return lambda value: completer(resolver(value, info))


def _non_null(inner):
    def complete(value):
        result = inner(value)
        if result is None:
            raise GiveUp  # graphql-core reports the null
        return result

    return complete


def _leaf(serialize):
    def complete(value):
        if value is None or value is Undefined:
            return None
        if isinstance(value, Exception):
            raise GiveUp
        result = serialize(value)
        if result is None or result is Undefined:
            raise GiveUp
        return result

    return complete


def _list(inner):
    def complete(value):
        if value is None or value is Undefined:
            return None
        if isinstance(value, str | Exception) or not is_iterable(value):
            raise GiveUp
        return [inner(item) for item in value]

    return complete


def _object(field_plans):
    def complete(value):
        if value is None or value is Undefined:
            return None
        if isinstance(value, Exception) or is_awaitable(value):
            raise GiveUp
        return {key: resolve(value) for key, resolve in field_plans}

    return complete


def execute_compiled(schema, document, operation, variables, context, root_value):
    """The ``data`` of a query, or None when graphql-core must answer it."""
    if operation.operation != OperationType.QUERY:
        return None
    try:
        compiler = Compiler(schema, document, operation, variables, context, root_value)
        return {key: resolve(root_value) for key, resolve in compiler.root_plan()}
    except Exception:  # GiveUp, or a resolver's error: graphql-core reports it
        return None
