"""Login throttling (django-axes) and Content-Security-Policy (django-csp).

Settings are in ``rathaus.site.settings.base``; README "Security" explains
both.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' backend, for sign-ins over the web only.

    ``authenticate()`` without a request (the shell, management commands,
    the test client's ``login``) is not reachable by a client, so there is
    nothing to throttle; axes' own backend refuses it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def wait_message(cool_off):
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-in attempts. Please wait %(minutes)d minute "
        "before you try again.",
        "Too many failed sign-in attempts. Please wait %(minutes)d minutes "
        "before you try again.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Axes' lockout answer: the sign-in page with the wait time, HTTP 429."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        "rathaus_security/lockout.html",
        {"message": wait_message(cool_off)},
        status=429,
    )
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: the admin's for HTML pages, and a
    policy that allows nothing for everything else (JSON, files), so an API
    answer opened in a browser can run nothing and be framed by no one."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        content_type = response.get("Content-Type", "")
        if not report_only and parts.config is None and "html" not in content_type:
            parts.config = settings.RATHAUS_API_CONTENT_SECURITY_POLICY
        return parts
