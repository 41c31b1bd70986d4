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
- ``duplicates``: the most selections of one response path (``a.b.c`` by
  response names, fragments written out). graphql-core's
  OverlappingFieldsCanBeMerged compares every two selections of one path,
  across parents too (``{ a { b b } a { b b } }`` compares four ``a.b``),
  so its work is the sum of n²/2 over the paths: at most
  ``fields × duplicates / 2`` comparisons. A limit per selection set would
  not bound it (20 lists of 20 ``slug`` each: 79,800 comparisons). Measured
  by :meth:`CostAnalysis.path_duplicates`, only for operations within the
  field limit (distinct paths are at most the fields, so that walk is small),
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
        self._path_memo = {}
        self._visiting = []

    def operation_cost(self, operation: OperationDefinitionNode) -> Cost:
        """Raises :class:`FragmentCycle` and (for absurd nesting) RecursionError.

        ``duplicates`` stays 0 here: see :meth:`path_duplicates`."""
        return self._selection_set(operation.selection_set)

    def fragment_cost(self, name) -> Cost:
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

    def _selection_set(self, selection_set) -> Cost:
        fields = spreads = aliases = depth = 0
        variables = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields += 1
                aliases += selection.alias is not None
                variables.update(self._page_size_variables(selection))
                if selection.selection_set is None:
                    continue
                inner = self._selection_set(selection.selection_set)
                fields += inner.fields
                spreads += inner.spreads
                aliases += inner.aliases
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
            fields += inner.fields
            spreads += inner.spreads
            aliases += inner.aliases
            depth = max(depth, inner.depth)
            variables.update(inner.page_size_variables)
        return Cost(fields, spreads, aliases, depth, 0, frozenset(variables))

    def path_duplicates(self, definition):
        """(count, path): the response path ``definition`` (an operation or a
        fragment) selects most often, fragments written out. Call it only
        for definitions within the field limit: a path counts at least one
        field, so the counters hold at most that many paths."""
        paths = self._paths(definition.selection_set)
        if not paths:
            return 0, ()
        path, count = max(paths.items(), key=lambda item: item[1])
        return count, path

    def _fragment_paths(self, name):
        memo = self._path_memo.get(name)
        if memo is None:  # cycles were refused by the cost walk before
            memo = self._paths(self.fragments[name].selection_set)
            self._path_memo[name] = memo
        return memo

    def _paths(self, selection_set) -> Counter:
        """Selections per response path below ``selection_set``."""
        paths = Counter()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                paths[(name,)] += 1
                if selection.selection_set is not None:
                    inner = self._paths(selection.selection_set)
                    for path, count in inner.items():
                        paths[(name, *path)] += count
            elif isinstance(selection, InlineFragmentNode):
                paths.update(self._paths(selection.selection_set))
            elif (
                isinstance(selection, FragmentSpreadNode)
                and selection.name.value in self.fragments
            ):
                paths.update(self._fragment_paths(selection.name.value))
        return paths

    def _page_size_variables(self, field: FieldNode):
        for argument in field.arguments or ():
            if argument.name.value in self.page_size_arguments and isinstance(
                argument.value, VariableNode
            ):
                yield argument.value.name.value
