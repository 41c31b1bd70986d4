"""GraphQL pieces every module's submissions share: domain errors mapped to
typed errors once, and the photo type."""

from contextlib import contextmanager

import graphene
from django.core.exceptions import ValidationError

from rathaus.graphql.errors import RateLimited, RathausError, ValidationFailed
from rathaus.site.core.idempotency import IdempotencyConflict
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.core.submissions import RateLimitExceeded, SubmissionRefused

from .graphql import require_module


class SubmissionRefusedError(RathausError):
    code = "SUBMISSION_REFUSED"
    default_message = "The submission was refused."


class IdempotencyConflictError(RathausError):
    code = "IDEMPOTENCY_CONFLICT"
    default_message = (
        "This idempotency key was already used for a different submission; "
        "generate a new key for a new submission."
    )


@contextmanager
def domain_errors(conflict_message=None, errors=None):
    """Map the platform's domain errors to typed GraphQL errors.

    ``ValidationError`` → ``VALIDATION_ERROR`` (field-level messages),
    ``RateLimitExceeded`` → ``RATE_LIMITED`` (``retryAfter``),
    ``SubmissionRefused`` → ``SUBMISSION_REFUSED`` (``reason``),
    ``IdempotencyConflict`` → ``IDEMPOTENCY_CONFLICT``. ``errors`` maps a
    module's own exception classes to a function that returns the GraphQL
    error.
    """
    try:
        yield
    except ValidationError as error:
        raise ValidationFailed.from_django(error) from None
    except RateLimitExceeded as error:
        raise RateLimited(retry_after=error.retry_after) from None
    except SubmissionRefused as error:
        raise SubmissionRefusedError(error.message, reason=error.reason) from None
    except IdempotencyConflict:
        raise IdempotencyConflictError(conflict_message) from None
    except Exception as error:
        for exception_class, convert in (errors or {}).items():
            if isinstance(error, exception_class):
                raise convert(error) from None
        raise


class ModuleMutation(graphene.Mutation):
    """A mutation whose ``perform`` may raise domain errors.

    Subclasses implement ``perform(root, info, **arguments)`` instead of
    ``mutate`` (gate it with ``module_required`` as usual, or set ``module``:
    ``perform`` then gets the ``municipality`` argument as the
    ``Municipality``, as ``module_required`` gives it); errors are
    mapped by :func:`domain_errors`. ``conflict_message`` words the
    idempotency conflict for the module's items; ``error_map`` maps the
    module's own exceptions (class -> function returning the GraphQL error).
    """

    module = None
    conflict_message = None
    error_map = {}

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **arguments):
        with domain_errors(cls.conflict_message, cls.error_map):
            if cls.module is not None:
                arguments["municipality"] = require_module(
                    cls.module, arguments.get("municipality")
                )
            return cls.perform(root, info, **arguments)

    @staticmethod
    def perform(root, info, **arguments):
        raise NotImplementedError


def absolute_url(info, url):
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(url)
    return url


def client_identity(info, device_id, max_length=200):
    """The submitter's ``ClientIdentity`` from the request and the app's
    ``deviceId`` argument; an overlong id is a ``deviceId`` field error."""
    if device_id is not None and len(device_id) > max_length:
        raise ValidationFailed(
            fields={"deviceId": [f"At most {max_length} characters."]}
        )
    return ClientIdentity.from_request(info.context, device_id)


class SubmissionPhotoFields(graphene.ObjectType):
    """The fields of a submission's public photo (``SubmissionPhoto``)."""

    class Meta:
        abstract = True

    url = graphene.String(required=True)
    thumbnail_url = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)

    @staticmethod
    def resolve_url(photo, info):
        return absolute_url(info, photo.public_large.url)

    @staticmethod
    def resolve_thumbnail_url(photo, info):
        return absolute_url(info, photo.public_thumbnail.url)


def photo_type(name, description):
    """The photo type of one module, named as its SDL has it."""
    meta = type("Meta", (), {"name": name, "description": description})
    return type(f"{name}Type", (SubmissionPhotoFields,), {"Meta": meta})
