"""Typed GraphQL errors: every error a client sees carries ``extensions.code``.

Raise these from resolvers and services' GraphQL adapters; the view maps any
other exception to ``INTERNAL_ERROR`` without leaking details.
"""

from django.db import InterfaceError, OperationalError
from graphql import GraphQLError

try:  # redis-py: the cache, rate limits and the RQ task queue
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is a dependency of the stack
    RedisConnectionError = RedisTimeoutError = ()


class RathausError(GraphQLError):
    code = "INTERNAL_ERROR"
    default_message = "Something went wrong."

    def __init__(self, message=None, *, fields=None, **extensions):
        extensions = {"code": self.code, **extensions}
        if fields:
            # Field-level messages: {"field": ["message", ...]}
            extensions["fields"] = fields
        super().__init__(message or self.default_message, extensions=extensions)


class NotFound(RathausError):
    code = "NOT_FOUND"
    default_message = "Not found."


class ValidationFailed(RathausError):
    code = "VALIDATION_ERROR"
    default_message = "The input is not valid."

    @classmethod
    def from_django(cls, error, message=None):
        """Build from a django ValidationError, keeping field-level messages."""
        if hasattr(error, "message_dict"):
            fields = {name: list(msgs) for name, msgs in error.message_dict.items()}
        else:
            fields = {"__all__": list(error.messages)}
        return cls(message, fields=fields)


class CursorExpired(RathausError):
    """A delta-sync cursor (``changes(since:)``) that names no stored state."""

    code = "CURSOR_EXPIRED"
    default_message = (
        "This sync cursor is unknown or expired. Sync again without `since`."
    )


class PermissionDenied(RathausError):
    code = "PERMISSION_DENIED"
    default_message = "You are not allowed to do this."


class RateLimited(RathausError):
    code = "RATE_LIMITED"
    default_message = "Too many requests. Please try again later."

    def __init__(self, message=None, *, retry_after=None, **extensions):
        if retry_after is not None:
            extensions["retryAfter"] = retry_after
        super().__init__(message, **extensions)


class ModuleDisabled(RathausError):
    code = "MODULE_DISABLED"
    default_message = "This module is not enabled for this municipality."

    def __init__(self, module, municipality=None, message=None):
        extensions = {"module": module}
        if municipality is not None:
            extensions["municipality"] = municipality
        super().__init__(message, **extensions)


class QueryTooComplex(RathausError):
    code = "QUERY_TOO_COMPLEX"
    default_message = "The query is too complex."


class BadRequest(RathausError):
    code = "BAD_REQUEST"
    default_message = "The request is not valid."


# Request-level errors raised by the view (rathaus.graphql.view). They concern
# the request as a whole, so they carry no ``path``.


class ParseFailed(RathausError):
    code = "GRAPHQL_PARSE_FAILED"
    default_message = "The GraphQL document could not be parsed."


class ValidationRejected(RathausError):
    code = "GRAPHQL_VALIDATION_FAILED"
    default_message = "The GraphQL document is not valid against the schema."


class PersistedQueryNotFound(RathausError):
    code = "PERSISTED_QUERY_NOT_FOUND"
    default_message = "No persisted document has this id."


class MethodNotAllowed(RathausError):
    code = "METHOD_NOT_ALLOWED"
    default_message = "This request method is not allowed."


class UnsupportedMediaType(RathausError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "This request body type is not supported."


class TemporarilyUnavailable(RathausError):
    """A database, cache or queue the request needs is unavailable: retry."""

    code = "TEMPORARILY_UNAVAILABLE"
    default_message = (
        "The service is temporarily unavailable. Nothing was changed; "
        "please try again later."
    )

    def __init__(self, message=None, *, retry_after=None, **extensions):
        if retry_after is not None:
            extensions["retryAfter"] = retry_after
        super().__init__(message, **extensions)


#: Exceptions that mean "a backing service is down", not "this is a bug".
OUTAGE_EXCEPTIONS = tuple(
    cls
    for cls in (
        OperationalError,
        InterfaceError,
        RedisConnectionError,
        RedisTimeoutError,
    )
    if isinstance(cls, type)
)


def is_outage(error):
    """Whether ``error`` (or an exception it was raised from) is an outage of
    the database, the cache or the task queue."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGE_EXCEPTIONS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class InternalError(RathausError):
    code = "INTERNAL_ERROR"
    default_message = "An internal error occurred. It has been logged."


#: Every ``extensions.code`` the API itself produces. Modules may add their own.
ERROR_CODES = {
    cls.code
    for cls in (
        RathausError,
        NotFound,
        ValidationFailed,
        PermissionDenied,
        RateLimited,
        ModuleDisabled,
        QueryTooComplex,
        BadRequest,
        ParseFailed,
        ValidationRejected,
        PersistedQueryNotFound,
        MethodNotAllowed,
        UnsupportedMediaType,
        TemporarilyUnavailable,
        InternalError,
    )
}
