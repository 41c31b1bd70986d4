"""The GraphQL endpoint: limits, typed errors, persisted documents, caching.

- Queries by GET or POST; mutations by POST only.
- Every error carries ``extensions.code`` (see ``errors.py``); unexpected
  exceptions are logged and answered with a generic ``INTERNAL_ERROR``.
  Rate limits answer 429 and outages of the database, cache or queue 503,
  both with ``Retry-After`` and without ``data`` (a mutation is rolled back).
- Cost is bounded before execution (``limits.py``, ``cost.py``) and during
  it (``budget.py``).
- ``GET /graphql/?id=<sha256>`` serves a persisted document from
  ``frontend_contract/persisted-documents.json``.
- Anonymous GET queries are cached in Django's cache, keyed by schema version,
  document, variables, operation name and content generation; responses carry
  an ``ETag`` and answer ``If-None-Match`` with 304. Authenticated, preview,
  POST and error responses are ``private, no-store`` and never cached.
"""

import hashlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView
from graphql import GraphQLError, OperationType, execute
from graphql.language import FieldNode, OperationDefinitionNode

from rathaus.site.core import outages
from rathaus.site.core.generation import generation_token

from . import budget, documents, response_cache
from .content import dependencies, fragments
from .content.fragments import FragmentExecutionContext
from .contract import document_id
from .core.query import CORE_ROOT_FIELDS
from .errors import (
    BadRequest,
    InternalError,
    MethodNotAllowed,
    ParseFailed,
    PermissionDenied,
    PersistedQueryNotFound,
    QueryTooComplex,
    RateLimited,
    TemporarilyUnavailable,
    ValidationFailed,
    ValidationRejected,
    is_outage,
)
from .http import (
    JSON,
    Reply,
    check_strings,
    check_variable_shape,
    content_type_header,
    read_params,
    response_media_type,
    variable_errors,
)
from .limits import Limits, check_page_size_variables, config
from .schema import module_of_fields, schema_version

logger = logging.getLogger(__name__)

PREVIEW_PARAMETERS = ("token", "previewToken", "preview_token")
PREVIEW_HEADER = "HTTP_X_PREVIEW_TOKEN"
MUNICIPALITY_VARIABLES = ("municipality", "municipalities")
NO_STORE = "private, no-store"
GRAPHIQL_TEMPLATE = "rathaus/graphiql.html"
# No inline script and no eval; GraphiQL's editor sets inline styles.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)


def _etag(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(request, etag):
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2).
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates


def _municipality_slugs(variables):
    slugs = []
    for name in MUNICIPALITY_VARIABLES:
        value = variables.get(name)
        if isinstance(value, str):
            slugs.append(value)
        elif isinstance(value, list):
            slugs.extend(item for item in value if isinstance(item, str))
    return slugs


def _root_fields(operation):
    """The names of the fields an operation selects at its root; a fragment
    there counts as every field (``{"*"}``: not worth following)."""
    names = set()
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return {"*"}
        names.add(selection.name.value)
    return names


# Request errors answered with ``request_error_status``; the others (limits,
# characters that cannot be stored) stay 400 in both media types.
DOCUMENT_ERROR_CODES = frozenset({ParseFailed.code, ValidationRejected.code})


class RathausGraphQLView(GraphQLView):
    """graphene-django's view with Rathaus' request handling.

    The parent's ``dispatch`` is replaced (it sets a CSRF cookie on every
    response, which makes responses uncacheable by CDNs, and it has no typed
    errors); requests are read by :mod:`.http` (GraphQL over HTTP), GraphiQL
    comes from Rathaus's own static files.
    """

    media_type = JSON  # of the response; set per request by dispatch

    def __init__(self, **kwargs):
        kwargs.setdefault("graphiql", getattr(settings, "RATHAUS_GRAPHIQL", False))
        super().__init__(**kwargs)

    # -- entry point ---------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.media_type = response_media_type(request)
        try:
            response = self.handle(request)
        except Reply as reply:
            response = self.error_response(
                request, reply.errors, reply.status, reply.headers
            )
        except budget.BudgetExceeded as exceeded:
            logger.warning("GraphQL request stopped by its time budget")
            error = QueryTooComplex(
                f"The request took longer than its budget of {exceeded.budget:g} "
                "seconds and was stopped.",
                budgetSeconds=exceeded.budget,
            )
            response = self.error_response(request, [error], 400)
        except Exception as error:
            if is_outage(error):
                logger.warning("GraphQL request failed: service unavailable: %r", error)
                response = self.unavailable_response(request)
            else:
                logger.exception("GraphQL request failed outside execution")
                response = self.error_response(request, [InternalError()], 500)
        patch_vary_headers(response, ("Accept", "Cookie", "Authorization"))
        return response

    def handle(self, request):
        if request.method == "GET":
            response = self.planned_response(request)
            if response is not None:
                return response
        limits = Limits.from_settings()
        budget.start(request, limits.time_budget)
        method = request.method
        if method not in ("GET", "POST"):
            raise Reply(
                MethodNotAllowed("GraphQL accepts GET and POST requests."),
                status=405,
                headers={"Allow": "GET, POST"},
            )
        if (
            self.graphiql
            and method == "GET"
            and not request.GET.get("query")
            and not request.GET.get("id")
            and not request.GET.get("documentId")
            and self.can_display_graphiql(request, {})
        ):
            return self.graphiql_response(request)

        authenticated = self.is_authenticated(request)
        if method == "POST" and authenticated and self.csrf_rejected(request):
            raise Reply(
                PermissionDenied("CSRF verification failed for a signed-in user."),
                status=403,
            )

        params = read_params(request)
        too_large = check_variable_shape(params.variables, limits)
        if too_large is not None:
            raise Reply(too_large)
        check_strings(params)
        variables = params.variables

        prepared = self.prepare_document(params)
        if prepared.errors:
            codes = {(error.extensions or {}).get("code") for error in prepared.errors}
            status = (
                self.request_error_status() if codes <= DOCUMENT_ERROR_CODES else 400
            )
            raise Reply(list(prepared.errors), status=status)
        operation = self.select_operation(prepared.document, params.operation_name)

        if operation.operation != OperationType.QUERY and method != "POST":
            raise Reply(
                MethodNotAllowed(
                    f"A {operation.operation.value} must be sent by POST."
                ),
                status=405,
                headers={"Allow": "POST"},
            )
        if operation.operation == OperationType.SUBSCRIPTION:
            raise Reply(BadRequest("Subscriptions are not supported."))
        cost = prepared.cost(operation)
        too_large = check_page_size_variables(
            cost.page_size_variables if cost else (), variables, limits
        )
        if too_large is not None:
            raise Reply(too_large)

        root_fields = _root_fields(operation)
        cacheable = (
            method == "GET"
            and operation.operation == OperationType.QUERY
            and not authenticated
            and not prepared.selects_preview
            and not self.has_preview_token(request, params.data, variables)
        )
        cache_key = None
        if cacheable:
            plan = response_cache.Plan.build(
                schema_version(self.schema),
                prepared.id,
                variables,
                params.operation_name,
                bool(self.pretty or request.GET.get("pretty")),
                _municipality_slugs(variables),
                content=root_fields <= CORE_ROOT_FIELDS,
                revalidated=root_fields <= dependencies.REVALIDATED_ROOT_FIELDS,
                module=module_of_fields(root_fields, self.schema),
            )
            cache_key = self.cache_key(plan)
            cacheable = cache_key is not None
        generations = None
        if cacheable:
            response_cache.plans.remember(self.plan_name(request), plan)
            response = self.cached_response(request, cache_key)
            if response is not None:
                return response
            if plan.revalidated:
                generations = response_cache.page_generations(plan)
                response = self.revalidated_response(
                    request, plan, cache_key, generations
                )
                if response is not None:
                    return response

        budget.check(request)
        status, payload, headers = self.run(request, prepared, operation, variables)
        body = self.encode(request, payload)
        if cacheable and status == 200 and "errors" not in payload:
            etag = _etag(body)
            response_cache.set(cache_key, body, etag)
            pages = dependencies.page_keys(request) if generations else None
            if pages is not None:
                response_cache.set_last_answer(plan, generations, pages, body, etag)
            return self.cacheable_response(request, body, etag, hit=False)
        response = self.json_response(body, status)
        for name, value in headers.items():
            response[name] = value
        response["Cache-Control"] = NO_STORE
        return response

    def graphiql_response(self, request):
        """GraphiQL from Rathaus's own static files, under a strict CSP
        (development, or ``GRAPHIQL=1``)."""
        response = render(
            request, GRAPHIQL_TEMPLATE, {"endpoint": request.path}, using=None
        )
        response["Cache-Control"] = NO_STORE
        response.setdefault("Content-Security-Policy", GRAPHIQL_CSP)
        patch_vary_headers(response, ("Accept",))
        return response

    # -- request details -----------------------------------------------------

    @staticmethod
    def is_authenticated(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        return "HTTP_AUTHORIZATION" in request.META

    @staticmethod
    def csrf_rejected(request):
        """Session-authenticated POSTs must pass Django's CSRF check (the URL
        itself is csrf_exempt, so apps without cookies need no token)."""
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        middleware = CsrfViewMiddleware(lambda _request: None)
        return middleware.process_view(request, None, (), {}) is not None

    @staticmethod
    def has_preview_token(request, data, variables):
        if request.META.get(PREVIEW_HEADER):
            return True
        for name in PREVIEW_PARAMETERS:
            if request.GET.get(name) or variables.get(name):
                return True
            if isinstance(data, dict) and data.get(name):
                return True
        return False

    def prepare_document(self, params):
        doc_id, query = params.document_id, params.query
        schema_version_ = schema_version(self.schema)
        if doc_id:
            text = documents.persisted_text(doc_id)
            if text is None:
                raise Reply(
                    PersistedQueryNotFound(
                        "No persisted document has this id. Ids are the sha256 "
                        "of the document text in persisted-documents.json, or "
                        "the 'sha256:' ids of GraphQL Code Generator.",
                        id=doc_id,
                    ),
                    status=404,
                )
            if query and documents.persisted_text(document_id(query)) != text:
                raise Reply(BadRequest("The query does not match the document id."))
            return documents.prepare(text, self.schema, schema_version_, persisted=True)
        if not query:
            raise Reply(BadRequest("Provide a query or a persisted document id."))
        if config()["PERSISTED_DOCUMENTS_ONLY"]:
            text = documents.persisted_text(document_id(query))
            if text is None:
                raise Reply(
                    PersistedQueryNotFound(
                        "This server accepts persisted documents only."
                    )
                )
            return documents.prepare(text, self.schema, schema_version_, persisted=True)
        return documents.prepare(query, self.schema, schema_version_)

    @staticmethod
    def select_operation(document, operation_name):
        operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        if operation_name:
            for operation in operations:
                if operation.name and operation.name.value == operation_name:
                    return operation
            raise Reply(BadRequest(f"Unknown operation named '{operation_name}'."))
        if len(operations) != 1:
            raise Reply(
                BadRequest(
                    "Provide operationName: the document holds several operations."
                )
            )
        return operations[0]

    # -- execution -----------------------------------------------------------

    def run(self, request, prepared, operation, variables):
        """Execute; return (status, payload, headers).

        Raises only :class:`budget.BudgetExceeded` (the whole request stops).
        """
        operation_name = operation.name.value if operation.name else None
        schema = self.schema.graphql_schema
        invalid = variable_errors(schema, operation, variables)
        if invalid:
            raise Reply(
                ValidationFailed("The variables are not valid.", fields=invalid),
                status=self.request_error_status(),
            )
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": self.execution_context_class
            or FragmentExecutionContext,
        }
        try:
            if operation.operation == OperationType.MUTATION and (
                graphene_settings.ATOMIC_MUTATIONS is True
                or connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
            ):
                with transaction.atomic():
                    result = execute(schema, prepared.document, **options)
                    if result.errors or getattr(request, MUTATION_ERRORS_FLAG, False):
                        transaction.set_rollback(True)
            else:
                result = execute(schema, prepared.document, **options)
        except Exception as error:
            if is_outage(error):
                logger.warning("GraphQL execution: service unavailable: %r", error)
                return self.unavailable(self.unavailable_error())
            logger.exception("GraphQL execution failed (%s)", operation_name)
            return 200, {"data": None, "errors": [InternalError().formatted]}, {}

        if not result.errors:
            return 200, {"data": result.data}, {}
        errors = [self.public_error(error, operation_name) for error in result.errors]
        codes = {error["extensions"]["code"] for error in errors}
        if TemporarilyUnavailable.code in codes:
            # The request as a whole failed (a mutation was rolled back): no
            # data, so a GraphQL-over-HTTP client may see a 5xx.
            return self.unavailable(*errors)
        if RateLimited.code in codes:
            retry_after = max(
                int(error["extensions"].get("retryAfter") or 1)
                for error in errors
                if error["extensions"]["code"] == RateLimited.code
            )
            return 429, {"errors": errors}, {"Retry-After": str(retry_after)}
        if result.data is None and all(error.path is None for error in result.errors):
            # Request errors found while executing.
            return 400, {"errors": errors}, {}
        return 200, {"errors": errors, "data": result.data}, {}

    def request_error_status(self):
        """The status of a well-formed request whose document does not parse
        or validate, or whose variables cannot be coerced: 200 as
        ``application/json``, 400 as ``application/graphql-response+json``
        (GraphQL over HTTP, "application/json": the server SHOULD use 200 for
        every response to a well-formed request)."""
        return 200 if self.media_type == JSON else 400

    @staticmethod
    def unavailable_error():
        return TemporarilyUnavailable(retry_after=outages.retry_after()).formatted

    @staticmethod
    def unavailable(*errors):
        retry_after = outages.retry_after()
        return 503, {"errors": list(errors)}, {"Retry-After": str(retry_after)}

    @staticmethod
    def public_error(error, operation_name=None):
        """The formatted error a client may see; never a traceback or the text
        of an unexpected exception."""
        original = getattr(error, "original_error", None)
        if original is not None and is_outage(original):
            logger.warning(
                "Service unavailable in GraphQL resolver %s (%s): %r",
                ".".join(str(part) for part in error.path or ()),
                operation_name,
                original,
            )
            formatted = RathausGraphQLView.unavailable_error()
            formatted["locations"] = error.formatted.get("locations")
            formatted["path"] = error.path
            return formatted
        if original is not None and not isinstance(original, GraphQLError):
            logger.error(
                "Unexpected error in GraphQL resolver %s (%s)",
                ".".join(str(part) for part in error.path or ()),
                operation_name,
                exc_info=(type(original), original, original.__traceback__),
            )
            formatted = InternalError().formatted
            formatted["locations"] = error.formatted.get("locations")
            formatted["path"] = error.path
            return formatted
        formatted = error.formatted
        extensions = dict(formatted.get("extensions") or {})
        if not extensions.get("code"):
            # graphql-core's own execution errors: variable coercion (no path)
            # or a null for a non-null field (a server bug).
            extensions["code"] = (
                BadRequest.code if error.path is None else InternalError.code
            )
            formatted["extensions"] = extensions
        return formatted

    # -- responses and caching -----------------------------------------------

    def encode(self, request, payload):
        pretty = self.pretty or request.GET.get("pretty")
        if pretty:
            return fragments.dumps(payload, indent=2, ensure_ascii=False)
        return fragments.dumps(payload, separators=(",", ":"), ensure_ascii=False)

    def json_response(self, body, status=200):
        return HttpResponse(
            body, status=status, content_type=content_type_header(self.media_type)
        )

    def unavailable_response(self, request):
        status, payload, headers = self.unavailable(self.unavailable_error())
        response = self.json_response(self.encode(request, payload), status)
        for name, value in headers.items():
            response[name] = value
        response["Cache-Control"] = NO_STORE
        return response

    def error_response(self, request, errors, status, headers=None):
        formatted = []
        for error in errors:
            if isinstance(error, GraphQLError):
                formatted.append(self.public_error(error))
            else:
                formatted.append(InternalError().formatted)
        response = self.json_response(
            self.encode(request, {"errors": formatted}), status
        )
        for name, value in (headers or {}).items():
            response[name] = value
        response["Cache-Control"] = NO_STORE
        return response

    def cacheable_response(self, request, body, etag, hit):
        values = config()
        if _etag_matches(request, etag):
            response = HttpResponse(status=304)
        else:
            response = self.json_response(body)
        response["ETag"] = etag
        response["Cache-Control"] = (
            f"public, max-age={int(values['CACHE_MAX_AGE'])}, "
            f"stale-while-revalidate={int(values['CACHE_STALE_WHILE_REVALIDATE'])}"
        )
        response["X-Rathaus-Cache"] = "hit" if hit else "miss"
        return response

    def planned_response(self, request):
        """The cached answer of a ``GET`` whose query string an earlier request
        found cacheable (its :class:`~.response_cache.Plan`), without reading
        and checking the request again; None to take the full way."""
        plan = response_cache.plans.get(self.plan_name(request))
        if (
            plan is None
            or self.is_authenticated(request)
            or request.META.get(PREVIEW_HEADER)
        ):
            return None
        cache_key = self.cache_key(plan)
        return None if cache_key is None else self.cached_response(request, cache_key)

    def plan_name(self, request):
        """What a plan is remembered by: the query string, and what of this
        view's own makes a difference (its schema, pretty printing)."""
        return (
            schema_version(self.schema),
            bool(self.pretty),
            request.META.get("QUERY_STRING", ""),
        )

    def cached_response(self, request, cache_key):
        """The response stored under ``cache_key`` (or 304), or None."""
        if request.META.get("HTTP_IF_NONE_MATCH"):
            etag = response_cache.get_etag(cache_key)
            if etag is not None and _etag_matches(request, etag):
                return self.cacheable_response(request, None, etag, hit=True)
        cached = response_cache.get(cache_key)
        if cached is None:
            return None
        body, etag = cached
        return self.cacheable_response(request, body, etag, hit=True)

    def revalidated_response(self, request, plan, cache_key, generations):
        """The last answer of a revalidated plan if it is still current
        (:func:`~.response_cache.revalidate`), or None."""
        found = response_cache.revalidate(plan, cache_key, generations)
        if found is None:
            return None
        body, etag = found
        return self.cacheable_response(request, body, etag, hit=True)

    @staticmethod
    def cache_key(plan):
        """The response cache key, or None when the cache is unavailable."""
        try:
            generation = generation_token(
                plan.slugs, memo=True, content=plan.content, module=plan.module
            )
        except Exception:
            logger.warning("Content generations unavailable", exc_info=True)
            return None
        return plan.cache_key(generation)
