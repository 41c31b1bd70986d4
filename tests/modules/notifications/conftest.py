import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from rathaus.site.module_platform.services import enable_module

REGISTER = """
mutation($municipality: String!, $input: RegisterDeviceInput!) {
  registerDevice(municipality: $municipality, input: $input) {
    created device { transport locale topics lastSeen }
  }
}
"""
UPDATE = """
mutation($municipality: String!, $transport: PushTransport!, $token: String!,
         $topics: [String!]!, $locale: String) {
  updateDeviceTopics(municipality: $municipality, transport: $transport,
                     token: $token, topics: $topics, locale: $locale) {
    device { transport locale topics }
  }
}
"""
UNREGISTER = """
mutation($municipality: String!, $transport: PushTransport!, $token: String!) {
  unregisterDevice(municipality: $municipality, transport: $transport, token: $token) {
    removed
  }
}
"""


def b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def browser_keys():
    """A subscription's keys as a browser makes them: (private key, p256dh, auth)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, b64(public), b64(b"0123456789abcdef")


@pytest.fixture
def notif_a(municipality_a):
    enable_module(municipality_a, "notifications")
    return municipality_a


@pytest.fixture
def notif_b(municipality_b):
    enable_module(municipality_b, "notifications")
    return municipality_b


@pytest.fixture
def gql(client):
    def post(query, variables=None, **extra):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )
        return json.loads(response.content)

    return post


def fcm_input(token="fcm-token-1", topics=("news",), locale="de"):
    return {
        "transport": "FCM",
        "locale": locale,
        "token": token,
        "topics": list(topics),
    }


def webpush_input(endpoint, topics=("news",), locale="de", transport="WEBPUSH"):
    _private, p256dh, auth = browser_keys()
    return {
        "transport": transport,
        "locale": locale,
        "subscription": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth},
        "topics": list(topics),
    }


def codes(payload):
    return [error["extensions"]["code"] for error in payload.get("errors", [])]
