"""Admin sign-in is throttled per account and per client (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rathaus.site.core.security import wait_message

from ..factories import make_user

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture
def login_url():
    return reverse("wagtailadmin_login")


def sign_in(client, url, username, password, ip="203.0.113.7"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_right_password_after_too_many_wrong_ones_does_not_sign_in(
    login_url, editor_a
):
    client = Client()
    for _attempt in range(LIMIT - 1):
        response = sign_in(client, login_url, editor_a.username, "wrong")
        assert response.status_code == 200  # the form again, with an error
    # The failure that reaches the limit already answers with the lockout.
    assert sign_in(client, login_url, editor_a.username, "wrong").status_code == 429
    response = sign_in(client, login_url, editor_a.username, "password")
    assert response.status_code == 429
    assert not signed_in(client)
    assert int(response["Retry-After"]) == 15 * 60


def test_the_lockout_says_in_german_how_long_to_wait(login_url, editor_a):
    client = Client()
    for _attempt in range(LIMIT + 1):
        response = sign_in(client, login_url, editor_a.username, "wrong")
    body = response.content.decode()
    assert response.status_code == 429
    assert (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten, "
        "bevor Sie es erneut versuchen."
    ) in body


def test_an_account_is_locked_whichever_client_guesses(login_url, editor_a):
    """Per account: guessing from many addresses still locks the account."""
    for number in range(LIMIT):
        sign_in(Client(), login_url, editor_a.username, "x", ip=f"198.51.100.{number}")
    response = sign_in(
        Client(), login_url, editor_a.username, "password", ip="192.0.2.99"
    )
    assert response.status_code == 429


def test_a_client_is_locked_whichever_accounts_it_guesses(login_url, editor_a):
    """Per client: one address trying many user names is stopped too."""
    client = Client()
    for number in range(LIMIT):
        sign_in(client, login_url, f"someone-{number}", "x", ip="203.0.113.50")
    response = sign_in(
        client, login_url, editor_a.username, "password", ip="203.0.113.50"
    )
    assert response.status_code == 429
    assert not signed_in(client)
    # Another client signs in to the same account.
    other = Client()
    response = sign_in(other, login_url, editor_a.username, "password", ip="192.0.2.1")
    assert response.status_code == 302
    assert signed_in(other)


def test_fewer_failures_than_the_limit_still_sign_in_and_reset(login_url, editor_a):
    client = Client()
    for _attempt in range(LIMIT - 1):
        sign_in(client, login_url, editor_a.username, "wrong")
    response = sign_in(client, login_url, editor_a.username, "password")
    assert response.status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.filter(username=editor_a.username).exists()


def test_a_lockout_ends_after_the_cool_off(login_url, editor_a, settings):
    from datetime import timedelta

    from django.utils import timezone

    client = Client()
    for _attempt in range(LIMIT):
        sign_in(client, login_url, editor_a.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in(client, login_url, editor_a.username, "password")
    assert response.status_code == 302


def test_sign_in_without_a_request_is_not_throttled(db):
    """The shell and the test client's login() have no client to throttle."""
    from django.contrib.auth import authenticate

    user = make_user("shell-user")
    assert authenticate(username="shell-user", password="password") == user


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(1, "1 Minute,"), (15, "15 Minuten,")],
)
def test_wait_message_in_german(minutes, expected):
    from datetime import timedelta

    with translation.override("de"):
        assert expected in wait_message(timedelta(minutes=minutes))
