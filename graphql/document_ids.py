"""Document ids as GraphQL Code Generator's client preset makes them.

With ``persistedDocuments: {hashAlgorithm: "sha256"}`` the preset writes each
document as ``printExecutableGraphQLDocument`` (from ``@graphql-tools/
documents``) prints it, and identifies it by ``"sha256:" + sha256(printed)``
(the GraphQL-over-HTTP persisted-documents appendix). That printer sorts the
document before printing it with graphql-js's ``print`` and collapses all
white space:

- definitions by kind, then name (fragments before operations);
- variable definitions by variable name;
- selections by field name, then fragment spreads by name, then inline
  fragments by type condition and printed selections (field names, not
  aliases: two fields of one name keep their order) -- except a mutation's
  top-level selections (and inline fragments directly in them), whose order
  is the order of execution;
- directives of spreads, inline fragments and fragment definitions by name,
  and the arguments of directives by name.

Names compare as JavaScript compares strings with ``<`` (UTF-16 code units;
``@graphql-tools/documents`` 1.0, used by client-preset 6; its 0.x releases
used ``localeCompare``, so pin the preset with a lock file). Equal keys keep
their order. The test
``tests/graphql/test_document_ids.py`` compares these ids with a manifest the
real code generator wrote for every contract operation.
"""

import hashlib
import re
from copy import copy

from graphql import parse, print_ast
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

PREFIX = "sha256:"


def collation_key(text):
    """A sort key ordering strings like JavaScript's ``<``: by UTF-16 code unit."""
    return text.encode("utf-16-be", "surrogatepass")


def replace(node, **changes):
    """A shallow copy of an AST node with ``changes``."""
    changed = copy(node)
    for name, value in changes.items():
        setattr(changed, name, value)
    return changed


def _by_name(nodes):
    return tuple(sorted(nodes or (), key=lambda node: collation_key(node.name.value)))


def _directives(nodes):
    return tuple(
        replace(directive, arguments=_by_name(directive.arguments))
        for directive in _by_name(nodes)
    )


def _normalise_white_space(text):
    return re.sub(r"\s+", " ", text).strip()


class _Sorter:
    def selection_set(self, node: SelectionSetNode, keep_order=False):
        selections = [self.selection(item, keep_order) for item in node.selections]
        if not keep_order:
            selections.sort(key=self._selection_key)
        return replace(node, selections=tuple(selections))

    def selection(self, node, parent_keeps_order=False):
        if isinstance(node, FieldNode):
            # graphql-tools sorts no field directives or field arguments.
            if node.selection_set is None:
                return node
            return replace(node, selection_set=self.selection_set(node.selection_set))
        if isinstance(node, FragmentSpreadNode):
            return replace(node, directives=_directives(node.directives))
        if isinstance(node, InlineFragmentNode):
            if parent_keeps_order:
                return node
            return replace(
                node,
                directives=_directives(node.directives),
                selection_set=self.selection_set(node.selection_set),
            )
        return node  # pragma: no cover

    def _selection_key(self, node):
        if isinstance(node, FieldNode):
            return collation_key("0" + node.name.value)
        if isinstance(node, FragmentSpreadNode):
            return collation_key("1" + node.name.value)
        condition = node.type_condition.name.value if node.type_condition else ""
        printed = " ".join(print_ast(item) for item in node.selection_set.selections)
        return collation_key("2" + condition + _normalise_white_space(printed))

    def definition(self, node):
        if isinstance(node, OperationDefinitionNode):
            keep = node.operation == OperationType.MUTATION
            return replace(
                node,
                variable_definitions=tuple(
                    sorted(
                        node.variable_definitions or (),
                        key=lambda item: collation_key(item.variable.name.value),
                    )
                ),
                selection_set=self.selection_set(node.selection_set, keep_order=keep),
            )
        if isinstance(node, FragmentDefinitionNode):
            return replace(
                node,
                directives=_directives(node.directives),
                selection_set=self.selection_set(node.selection_set),
            )
        return node  # pragma: no cover


def _definition_key(node):
    kind = type(node).__name__.removesuffix("Node")  # graphql-js Kind names
    if node.name is None:  # unnamed definitions sort last
        return collation_key(kind), 1, b""
    return collation_key(kind), 0, collation_key(node.name.value)


def codegen_print(text):
    """The document as the client preset stores it in its manifest."""
    document = parse(text, no_location=True)
    sorter = _Sorter()
    definitions = sorted(
        (sorter.definition(item) for item in document.definitions),
        key=_definition_key,
    )
    sorted_document = DocumentNode(definitions=tuple(definitions))
    return _normalise_white_space(print_ast(sorted_document))


def codegen_id(text):
    """``sha256:`` + sha256 of :func:`codegen_print`."""
    printed = codegen_print(text).encode("utf-8")
    return PREFIX + hashlib.sha256(printed).hexdigest()
