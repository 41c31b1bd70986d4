"""Checks that stop a production process from starting with unsafe settings."""

from django.core.exceptions import ImproperlyConfigured

# Values that must never protect a production deployment.
INSECURE_SECRET_KEYS = {
    "",
    "change-me",
    "changeme",
    "secret",
    "django-insecure",
}
DEV_SECRET_KEY_PREFIX = "rathaus-insecure-"
MIN_SECRET_KEY_LENGTH = 40


def check_production_settings(*, debug, secret_key, allowed_hosts, database_url):
    """Raise ImproperlyConfigured with a message that says what to set."""
    problems = []
    if debug:
        problems.append(
            "DEBUG is on. Production must run with DEBUG off: unset DEBUG or set "
            "DEBUG=0."
        )
    key = (secret_key or "").strip()
    if not key:
        problems.append(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value, e.g. the "
            "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    elif (
        key.lower() in INSECURE_SECRET_KEYS
        or key.startswith(DEV_SECRET_KEY_PREFIX)
        or key.startswith("django-insecure")
    ):
        problems.append(
            "SECRET_KEY is a well-known default. Set SECRET_KEY to a long random value."
        )
    elif len(key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters. "
            "Set SECRET_KEY to a long random value."
        )
    if not allowed_hosts:
        problems.append(
            "ALLOWED_HOSTS is empty. Set ALLOWED_HOSTS to a comma-separated list "
            "of the host names Rathaus serves, e.g. ALLOWED_HOSTS=api.example.org"
        )
    if not database_url:
        problems.append(
            "DATABASE_URL is not set. Set it to your PostgreSQL database, e.g. "
            "DATABASE_URL=postgres://rathaus:password@db:5432/rathaus"
        )
    if problems:
        raise ImproperlyConfigured(
            "Rathaus refuses to start with these production settings:\n- "
            + "\n- ".join(problems)
        )
