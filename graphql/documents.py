"""Parsed and validated documents, cached in memory; persisted documents."""

import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache

from graphql import GraphQLError, GraphQLSyntaxError, parse
from graphql.language import (
    DocumentNode,
    FieldNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    Visitor,
    visit,
)

from .contract import document_id, persisted_documents_path
from .document_ids import PREFIX, codegen_id
from .errors import ParseFailed, QueryTooComplex, ValidationFailed, ValidationRejected
from .http import bad_character
from .limits import Limits, validate_document

logger = logging.getLogger(__name__)

# Ad-hoc documents (not persisted) kept parsed and validated, most recent first.
AD_HOC_CACHE_SIZE = 512
MAX_DOCUMENT_LENGTH = 100_000

# Root fields whose responses are drafts: never cached.
PREVIEW_FIELDS = frozenset({"preview", "previewPage"})


@dataclass(frozen=True)
class PreparedDocument:
    text: str
    id: str
    document: DocumentNode | None
    errors: tuple  # request-level GraphQLErrors; empty when the document is valid
    selects_preview: bool = False
    costs: dict = field(default_factory=dict)  # operation name -> cost.Cost

    def cost(self, operation):
        return self.costs.get(operation.name.value if operation.name else None)


@cache
def _load_persisted(path):
    try:
        with open(path, encoding="utf-8") as handle:
            documents = json.load(handle)
    except FileNotFoundError:
        logger.warning("No persisted documents at %s", path)
        return {}
    if not isinstance(documents, dict):
        raise ValueError(f"{path} must hold a JSON object of id -> document")
    return documents


def persisted_documents():
    """id -> document text, read once per process."""
    return _load_persisted(str(persisted_documents_path()))


@cache
def _persisted_index(path):
    """Every id a client may send -> document text: the sha256 hex of the
    stored text (with or without ``sha256:``) and the id GraphQL Code
    Generator's client preset gives the same document."""
    index = {}
    for doc_id, text in _load_persisted(path).items():
        digest = document_id(text)
        index[doc_id.lower()] = text
        index[digest] = text
        index[PREFIX + digest] = text
        try:
            index[codegen_id(text)] = text
        except GraphQLError:  # not parseable: it fails when it is requested
            logger.warning("Persisted document %s does not parse", doc_id)
    return index


def persisted_text(doc_id):
    """The persisted document for any of its ids, or None."""
    return _persisted_index(str(persisted_documents_path())).get(doc_id.lower())


def reload_persisted_documents():
    _load_persisted.cache_clear()
    _persisted_index.cache_clear()
    _prepared_persisted.clear()


def _with_code(error, code):
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}
    return error


class _FieldNames(Visitor):
    def __init__(self):
        super().__init__()
        self.names = set()

    def enter_field(self, node: FieldNode, *_):
        self.names.add(node.name.value)


class _UnstorableLiterals(Visitor):
    """String literals holding NUL or a lone surrogate (written as ``\\u``
    escapes), by argument or variable name."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def _check(self, name, value):
        stack = [(name, value)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, StringValueNode):
                problem = bad_character(node.value)
                if problem:
                    self.fields.setdefault(path, []).append(f"Contains {problem}.")
            elif isinstance(node, ListValueNode):
                stack.extend((path, item) for item in node.values)
            elif isinstance(node, ObjectValueNode):
                stack.extend(
                    (f"{path}.{item.name.value}", item.value) for item in node.fields
                )

    def enter_argument(self, node, *_):
        self._check(node.name.value, node.value)

    def enter_variable_definition(self, node, *_):
        if node.default_value is not None:
            self._check(node.variable.name.value, node.default_value)


def _unstorable_literals(text, document):
    if "\\u" not in text:  # NUL and surrogates only arrive as escapes
        return None
    finder = _UnstorableLiterals()
    visit(document, finder)
    if not finder.fields:
        return None
    return ValidationFailed(
        "The document contains characters that cannot be stored.",
        fields=finder.fields,
    )


def _prepare(text, doc_id, schema, limits):
    if len(text) > MAX_DOCUMENT_LENGTH:
        error = ParseFailed(
            f"The document is longer than {MAX_DOCUMENT_LENGTH} characters."
        )
        return PreparedDocument(text, doc_id, None, (error,))
    try:
        document = parse(text, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as error:
        return PreparedDocument(
            text, doc_id, None, (_with_code(error, ParseFailed.code),)
        )
    except (GraphQLError, RecursionError) as error:  # e.g. too many tokens
        return PreparedDocument(text, doc_id, None, (ParseFailed(str(error)),))
    unstorable = _unstorable_literals(text, document)
    if unstorable is not None:
        return PreparedDocument(text, doc_id, document, (unstorable,))
    try:
        errors, costs = validate_document(schema.graphql_schema, document, limits)
    except RecursionError:  # e.g. list values nested hundreds of levels deep
        error = QueryTooComplex("The document is nested too deeply.")
        return PreparedDocument(text, doc_id, document, (error,))
    if errors:
        errors = tuple(_with_code(error, ValidationRejected.code) for error in errors)
        return PreparedDocument(text, doc_id, document, errors)
    names = _FieldNames()
    visit(document, names)
    return PreparedDocument(
        text, doc_id, document, (), bool(names.names & PREVIEW_FIELDS), costs
    )


_lock = threading.Lock()
_prepared_persisted = {}
_prepared_ad_hoc = OrderedDict()


def prepare(text, schema, schema_version, *, persisted=False):
    """Parse and validate once; later calls reuse the result.

    Persisted documents are few and known, so all are kept; ad-hoc documents
    share a bounded LRU so arbitrary input cannot fill memory.
    """
    doc_id = document_id(text)
    limits = Limits.from_settings()
    key = (schema_version, limits, doc_id)
    store = _prepared_persisted if persisted else _prepared_ad_hoc
    with _lock:
        prepared = store.get(key)
        if prepared is not None:
            if not persisted:
                store.move_to_end(key)
            return prepared
    prepared = _prepare(text, doc_id, schema, limits)
    with _lock:
        store[key] = prepared
        if not persisted:
            while len(store) > AD_HOC_CACHE_SIZE:
                store.popitem(last=False)
    return prepared
