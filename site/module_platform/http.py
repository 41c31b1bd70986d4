"""HTTP with timeouts and bounded retries, for a module's connectors to
outside sources.

Transient failures (timeouts, refused or reset connections, 429 and 5xx
answers) are retried with exponential backoff; anything else fails at once.
Failures raise ``TransportError``, a ``MessageError``: staff read it in
their language, and it names the URL without its query string.
"""

import logging
import time
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext_noop

from .messages import MessageError

logger = logging.getLogger(__name__)

#: (connect, read) seconds.
DEFAULT_TIMEOUT = (5, 30)
DEFAULT_RETRIES = 3
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Tests replace it to run without waiting.
sleep = time.sleep


class TransportError(MessageError):
    """The source could not be reached or answered with an error (an answer's
    HTTP status is its ``status`` parameter)."""


def describe_url(url):
    """The URL without its query string (which may hold search parameters)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _status_message(response, url):
    messages = {
        401: gettext_noop("HTTP %(status)s from %(url)s: the API key was rejected."),
        403: gettext_noop(
            "HTTP %(status)s from %(url)s: access denied (check the API key "
            "and the version path)."
        ),
        429: gettext_noop("HTTP %(status)s from %(url)s: too many requests."),
    }
    status = response.status_code
    return TransportError(
        messages.get(status, gettext_noop("HTTP %(status)s from %(url)s.")),
        status=status,
        url=describe_url(url),
    )


def _retry_after(response):
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def with_retries(
    attempt,
    url,
    *,
    retries=DEFAULT_RETRIES,
    backoff=BACKOFF_SECONDS,
    max_backoff=MAX_BACKOFF_SECONDS,
    wait=None,
):
    """Call ``attempt()`` until it returns, retrying transient failures after
    ``backoff``, twice that, ... (at most ``max_backoff``) seconds, waiting
    with ``wait(seconds)``.

    ``attempt`` returns a result or raises; a ``requests.Response`` returned
    with an error status is turned into a ``TransportError`` here.
    """
    wait = wait or sleep
    last_error = None
    for number in range(retries + 1):
        delay = min(max_backoff, backoff * 2**number)
        try:
            result = attempt()
        except requests.Timeout:
            last_error = TransportError(
                gettext_noop("Timed out waiting for %(url)s."), url=describe_url(url)
            )
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
        ) as error:
            reason = type(getattr(error, "__context__", None) or error).__name__
            last_error = TransportError(
                gettext_noop("Could not connect to %(url)s (%(reason)s)."),
                url=describe_url(url),
                reason=reason,
            )
        except requests.RequestException as error:
            raise TransportError(
                gettext_noop("Request to %(url)s failed: %(error)s."),
                url=describe_url(url),
                error=type(error).__name__,
            ) from error
        else:
            if not isinstance(result, requests.Response) or result.ok:
                return result
            error = _status_message(result, url)
            if result.status_code not in RETRY_STATUSES:
                raise error
            last_error = error
            retry_after = _retry_after(result)
            if retry_after is not None:
                delay = min(max_backoff, retry_after)
        if number < retries:
            logger.info(
                "Retrying %s in %.1fs: %s", describe_url(url), delay, last_error
            )
            wait(delay)
    attempts = retries + 1
    raise TransportError(
        gettext_noop("%(error)s Gave up after %(attempts)s attempts."),
        error=last_error,
        attempts=attempts,
    )


def http_get(
    session, url, *, timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, **kwargs
):
    return with_retries(
        lambda: session.get(url, timeout=timeout, **kwargs), url, retries=retries
    )


def http_download(
    session,
    url,
    destination,
    *,
    max_bytes,
    too_large,
    timeout=DEFAULT_TIMEOUT,
    retries=DEFAULT_RETRIES,
    chunk_size=64 * 1024,
):
    """Stream ``url`` into the open binary file ``destination``.

    A broken transfer is retried from the start; the file never holds more
    than ``max_bytes``: a larger answer raises ``TransportError(too_large)``,
    a msgid with the parameters ``url`` and ``size`` (the limit in MB).
    Returns the number of bytes written.
    """

    def attempt():
        destination.seek(0)
        destination.truncate()
        with session.get(url, timeout=timeout, stream=True) as response:
            if not response.ok:
                return response
            size = 0
            for chunk in response.iter_content(chunk_size):
                size += len(chunk)
                if size > max_bytes:
                    raise TransportError(
                        too_large,
                        url=describe_url(url),
                        size=max_bytes // (1024 * 1024),
                    )
                destination.write(chunk)
            destination.flush()
            destination.seek(0)
            return size

    return with_retries(attempt, url, retries=retries)
