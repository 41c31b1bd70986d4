"""VAPID key pairs (RFC 8292) in the forms operators and browsers use."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def _b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def generate_vapid_keys():
    """``(private, public)``: the raw 32-byte private key and the uncompressed
    public point, both base64url. The public key is the
    ``applicationServerKey`` web apps pass to ``PushManager.subscribe``."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(private), _b64url(public)
