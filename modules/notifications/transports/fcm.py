"""Firebase Cloud Messaging, HTTP v1 API (Android and iOS apps).

``POST {endpoint}/v1/projects/{project}/messages:send`` with an OAuth2 access
token of a service account (google-auth signs the JWT and refreshes the
token; one token serves every request for its hour). The legacy
``fcm/send`` API is gone; the batch endpoint was retired in 2024, so each
device is one request over a pooled keep-alive connection. The hourly
token refresh is google-auth's own (requests), run off the event loop.
"""

import asyncio
import json
import threading
import time

import google.auth.transport.requests
import requests
from google.oauth2 import service_account

from .base import FAILED, PRUNE, RETRY, SENT, Outcome, Transport, transient

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
#: FCM error codes that mean the token will never work again.
GONE = {"UNREGISTERED", "SENDER_ID_MISMATCH"}


def fcm_error(answer):
    """(status, errorCode, message) of an FCM error answer."""
    try:
        error = json.loads(answer.body).get("error", {})
    except (ValueError, AttributeError):
        return "", "", ""
    if not isinstance(error, dict):
        return "", "", ""
    code = ""
    for detail in error.get("details") or ():
        if detail.get("@type") == FCM_ERROR_TYPE:
            code = detail.get("errorCode", "")
    return error.get("status", ""), code, error.get("message", "")


class FcmTransport(Transport):
    name = "fcm"

    def __init__(self, service_account_info, endpoint, credentials=None):
        self.credentials = credentials or (
            service_account.Credentials.from_service_account_info(
                service_account_info, scopes=[SCOPE]
            )
        )
        project = service_account_info.get("project_id", "")
        self.url = f"{endpoint}/v1/projects/{project}/messages:send"
        self._lock = threading.Lock()
        self._token_session = requests.Session()

    def access_token(self):
        with self._lock:
            if not self.credentials.valid:
                self.credentials.refresh(
                    google.auth.transport.requests.Request(self._token_session)
                )
            return self.credentials.token

    async def bearer(self):
        token = self.credentials.token
        if token and self.credentials.valid:
            return token
        return await asyncio.to_thread(self.access_token)

    def _expire_token(self):
        with self._lock:
            self.credentials.token = None

    def message(self, target, payload):
        high = payload.urgency == "high"
        android = {
            "priority": "HIGH" if high else "NORMAL",
            "ttl": f"{payload.time_to_live}s",
        }
        apns_headers = {
            "apns-priority": "10" if high else "5",
            "apns-expiration": str(int(time.time()) + payload.time_to_live),
        }
        if payload.collapse_key:
            android["collapse_key"] = payload.collapse_key
            apns_headers["apns-collapse-id"] = payload.collapse_key
        return {
            "message": {
                "token": target.token,
                "notification": {"title": payload.title, "body": payload.body},
                "data": payload.as_data(),
                "android": android,
                "apns": {"headers": apns_headers},
            }
        }

    async def send(self, client, target, payload):
        answer = await client.post(
            self.url,
            body=json.dumps(self.message(target, payload)).encode(),
            headers={
                "Authorization": f"Bearer {await self.bearer()}",
                "Content-Type": "application/json; charset=UTF-8",
            },
        )
        status = answer.status
        if status == 200:
            return Outcome(SENT)
        if status == 429 or status >= 500:
            return transient(answer)
        error_status, code, text = fcm_error(answer)
        if code in GONE:
            return Outcome(PRUNE, detail=code)
        if (
            status == 400
            and error_status == "INVALID_ARGUMENT"
            and "registration token" in text.lower()
        ):
            return Outcome(PRUNE, detail="invalid registration token")
        if status == 401 and code != "THIRD_PARTY_AUTH_ERROR":
            # The access token expired early or was revoked: fetch a new one.
            self._expire_token()
            return Outcome(RETRY, retry_after=0, detail="access token refused")
        return Outcome(FAILED, detail=f"HTTP {status} {code or error_status}".strip())
