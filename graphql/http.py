"""GraphQL over HTTP: reading a request and choosing the response's media type.

Follows the GraphQL-over-HTTP specification: ``POST`` bodies are
``application/json`` (``application/graphql`` with the bare document is also
read, as before); any other body type answers ``415``. Responses are
``application/graphql-response+json`` when the ``Accept`` header prefers it,
else ``application/json``. Every string of the request (document, operation
name, variables) is checked for characters no database or JSON encoder
accepts (NUL, lone surrogates) before anything else sees it.
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import RequestDataTooBig
from graphql import (
    coerce_input_value,
    is_input_type,
    is_non_null_type,
    type_from_ast,
)

from .errors import BadRequest, QueryTooComplex, UnsupportedMediaType, ValidationFailed

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
GRAPHQL = "application/graphql"
BODY_TYPES = (JSON, GRAPHQL)


class Reply(Exception):
    """Stop handling and answer with these request-level errors."""

    def __init__(self, errors, status=400, headers=None):
        super().__init__(errors)
        self.errors = errors if isinstance(errors, list | tuple) else [errors]
        self.status = status
        self.headers = headers or {}


@dataclass
class Params:
    query: object = None
    variables: object = None
    operation_name: object = None
    document_id: object = None
    data: dict = field(default_factory=dict)  # the decoded body (POST)


# -- media types ---------------------------------------------------------------


def _media_ranges(header):
    for part in header.split(","):
        media, *parameters = part.split(";")
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        yield media.strip().lower(), quality


def response_media_type(request):
    """The media type to answer with, from the ``Accept`` header.

    ``application/graphql-response+json`` when the client accepts it at least
    as much as ``application/json``; ``application/json`` otherwise, also for
    clients that send no ``Accept`` or accept neither (the spec allows the
    server to disregard an unsatisfiable ``Accept``).
    """
    header = request.META.get("HTTP_ACCEPT", "")
    best, best_rank = JSON, (0.0, -1)
    for media, quality in _media_ranges(header):
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            rank, choice = (quality, 2), GRAPHQL_RESPONSE_JSON
        elif media == JSON:
            rank, choice = (quality, 1), JSON
        elif media in ("*/*", "application/*"):
            rank, choice = (quality, 0), JSON
        else:
            continue
        if rank > best_rank:
            best, best_rank = choice, rank
    return best


def content_type_header(media_type):
    return f"{media_type}; charset=utf-8"


# -- reading the request ---------------------------------------------------------


def _body(request):
    try:
        return request.body
    except RequestDataTooBig:
        raise Reply(
            QueryTooComplex("The request body is too large."), status=413
        ) from None


def _decode_json(text, what):
    try:
        return json.loads(text)
    except RecursionError:
        raise Reply(QueryTooComplex(f"The {what} is nested too deeply.")) from None
    except ValueError:
        raise Reply(BadRequest(f"The {what} is not valid JSON.")) from None


def _post_data(request):
    meta = request.META
    header = meta.get("CONTENT_TYPE") or ""
    media_type, *parameters = header.split(";")
    media_type = media_type.strip().lower()
    charset = "utf-8"
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media_type not in BODY_TYPES or charset not in ("utf-8", "utf8"):
        raise Reply(
            UnsupportedMediaType(
                "Send the request body as application/json (UTF-8).",
                contentType=header,
            ),
            status=415,
            headers={"Accept-Post": f"{JSON}, {GRAPHQL}"},
        )
    try:
        text = _body(request).decode("utf-8")
    except UnicodeDecodeError:
        raise Reply(BadRequest("The request body is not valid UTF-8.")) from None
    if media_type == GRAPHQL:
        return {"query": text}
    data = _decode_json(text, "request body")
    if not isinstance(data, dict):
        raise Reply(BadRequest("The request body must be a JSON object."))
    return data


def read_params(request):
    """The GraphQL parameters of a GET or POST request."""
    data = _post_data(request) if request.method == "POST" else {}
    get = request.GET

    def value(name):
        return get.get(name) or data.get(name)

    variables = value("variables")
    if isinstance(variables, str):
        variables = _decode_json(variables, "variables parameter")
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        raise Reply(BadRequest("Variables must be a JSON object."))
    operation_name = value("operationName")
    if operation_name in ("", "null"):
        operation_name = None
    if operation_name is not None and not isinstance(operation_name, str):
        raise Reply(BadRequest("operationName must be a string."))
    document_id = value("id") or value("documentId")
    if document_id is not None and not isinstance(document_id, str):
        raise Reply(BadRequest("The document id must be a string."))
    query = value("query")
    if query is not None and not isinstance(query, str):
        raise Reply(BadRequest("The query must be a string."))
    return Params(query, variables, operation_name, document_id, data)


# -- input hygiene ---------------------------------------------------------------


def bad_character(text):
    """A description of the first character no store accepts, or None."""
    for char in text:
        code = ord(char)
        if code == 0:
            return "a NUL character"
        if 0xD800 <= code <= 0xDFFF:
            return f"a lone surrogate (U+{code:04X})"
    return None


def _fast_bad_character(text):
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return bad_character(text)
    return None


def check_strings(params):
    """VALIDATION_ERROR naming every input whose text holds a NUL character or
    a lone surrogate (PostgreSQL and UTF-8 refuse both)."""
    fields = {}
    for name, text in (
        ("query", params.query),
        ("operationName", params.operation_name),
        ("id", params.document_id),
    ):
        if isinstance(text, str):
            problem = _fast_bad_character(text)
            if problem:
                fields[name] = [f"Contains {problem}."]
    for path, text in _strings(params.variables):
        problem = _fast_bad_character(text)
        if problem:
            fields.setdefault(path, []).append(f"Contains {problem}.")
    if fields:
        raise Reply(
            ValidationFailed(
                "The request contains characters that cannot be stored.",
                fields=fields,
            )
        )


def _strings(variables):
    """(dotted path, text) of every string in the variables, keys included."""
    stack = [("", variables)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if _fast_bad_character(str(key)):
                    yield child, str(key)
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{index}", item) for index, item in enumerate(value))


def check_variable_shape(variables, limits):
    """QUERY_TOO_COMPLEX when the variables nest or hold more than allowed."""
    count = 0
    stack = [(variables, 0)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > limits.max_variable_values:
            return QueryTooComplex(
                f"The variables hold more than {limits.max_variable_values} values."
            )
        if isinstance(value, dict | list):
            if depth >= limits.max_variable_depth:
                return QueryTooComplex(
                    "The variables are nested more than "
                    f"{limits.max_variable_depth} levels deep."
                )
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
    return None


def variable_errors(graphql_schema, operation, inputs):
    """{variable path: [messages]} for variable values that do not fit their
    declared types (what graphql-core reports as one flat message)."""
    fields = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        var_type = type_from_ast(graphql_schema, definition.type)
        if var_type is None or not is_input_type(var_type):
            continue  # the document's validation reports it
        if name not in inputs:
            if definition.default_value is None and is_non_null_type(var_type):
                fields[name] = [f"A value of type '{var_type}' is required."]
            continue
        value = inputs[name]
        if value is None and is_non_null_type(var_type):
            fields[name] = [f"A value of type '{var_type}' is required, not null."]
            continue

        def on_error(path, _invalid, error, name=name):
            key = ".".join([name, *(str(part) for part in path)])
            fields.setdefault(key, []).append(error.message)

        coerce_input_value(value, var_type, on_error)
    return fields
