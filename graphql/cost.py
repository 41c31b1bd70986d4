"""What an operation costs, computed before anything else walks the document.

graphql-core's rules and graphene's depth limiter follow every fragment spread
wherever it occurs, so a document whose fragments each spread the next one
twice costs 2^N steps to validate. Here every fragment is measured **once**
(memoised) and its cost multiplied by the number of times it is spread, so
one linear pass gives what inlining every fragment would give:

- ``fields``: field selections the executor collects (an upper bound of the
  fields it resolves per object),
- ``spreads``: fragment spreads followed and inline fragments (which nest
  without adding depth),
- ``aliases``: aliased fields,
- ``depth``: the deepest nesting of fields (introspection fields excluded,
  as in graphene's depth limiter: ``{ a }`` is 0, ``{ a { b } }`` is 1),
- ``duplicates``: the most selections of one response name in one merged
  selection set: what graphql-core's OverlappingFieldsCanBeMerged compares
  pairwise, so its cost grows with the square of this number,
- ``page_size_variables``: variables passed to page-size arguments.

A fragment that spreads itself (directly or through others) is a cycle: it is
reported here, typed, before any recursive walker can loop on it.
"""

from collections import Counter
from dataclasses import dataclass

from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    VariableNode,
)


class FragmentCycle(Exception):
    def __init__(self, names):
        super().__init__(names)
        self.names = names


@dataclass(frozen=True)
class Cost:
    fields: int = 0
    spreads: int = 0
    aliases: int = 0
    depth: int = 0
    duplicates: int = 0
    page_size_variables: frozenset = frozenset()


@dataclass(frozen=True)
class _SetCost:
    """The cost of a selection set, plus its response names (for merging)."""

    cost: Cost
    names: Counter


def _is_introspection(name):
    return name.startswith("__")


class CostAnalysis:
    """Measure the operations of one parsed document."""

    def __init__(self, document: DocumentNode, page_size_arguments=()):
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        self.page_size_arguments = frozenset(page_size_arguments)
        self._memo = {}
        self._visiting = []

    def operation_cost(self, operation: OperationDefinitionNode) -> Cost:
        """Raises :class:`FragmentCycle` and (for absurd nesting) RecursionError."""
        return self._selection_set(operation.selection_set).cost

    def fragment_cost(self, name) -> _SetCost:
        memo = self._memo.get(name)
        if memo is not None:
            return memo
        if name in self._visiting:
            cycle = self._visiting[self._visiting.index(name) :]
            raise FragmentCycle(cycle)
        self._visiting.append(name)
        try:
            memo = self._selection_set(self.fragments[name].selection_set)
        finally:
            self._visiting.pop()
        self._memo[name] = memo
        return memo

    def _selection_set(self, selection_set) -> _SetCost:
        fields = spreads = aliases = depth = duplicates = 0
        variables = set()
        names = Counter()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields += 1
                aliases += selection.alias is not None
                names[(selection.alias or selection.name).value] += 1
                variables.update(self._page_size_variables(selection))
                if selection.selection_set is None:
                    continue
                inner = self._selection_set(selection.selection_set).cost
                fields += inner.fields
                spreads += inner.spreads
                aliases += inner.aliases
                duplicates = max(duplicates, inner.duplicates)
                variables.update(inner.page_size_variables)
                if not _is_introspection(selection.name.value):
                    depth = max(depth, 1 + inner.depth)
                continue
            if isinstance(selection, InlineFragmentNode):
                spreads += 1
                inner = self._selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                spreads += 1
                if selection.name.value not in self.fragments:
                    continue  # unknown fragment: the standard rules report it
                inner = self.fragment_cost(selection.name.value)
            else:  # pragma: no cover - the parser makes no other selections
                continue
            cost = inner.cost
            fields += cost.fields
            spreads += cost.spreads
            aliases += cost.aliases
            depth = max(depth, cost.depth)
            duplicates = max(duplicates, cost.duplicates)
            variables.update(cost.page_size_variables)
            names.update(inner.names)
        if names:
            duplicates = max(duplicates, max(names.values()))
        return _SetCost(
            Cost(fields, spreads, aliases, depth, duplicates, frozenset(variables)),
            names,
        )

    def _page_size_variables(self, field: FieldNode):
        for argument in field.arguments or ():
            if argument.name.value in self.page_size_arguments and isinstance(
                argument.value, VariableNode
            ):
                yield argument.value.name.value
