import threading

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from rathaus.site.core import ratelimit
from rathaus.site.core.ratelimit import ClientIdentity, Rule


@pytest.fixture(autouse=True)
def _clear():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def test_fixed_window_counts_and_refuses_with_retry_after():
    rule = Rule(limit=3, window=60)
    now = 1_000_020.0  # 20 s into a window starting at 1_000_020 - 20
    results = [ratelimit.hit("t", "k", rule, now=now) for _ in range(4)]
    assert [result.allowed for result in results] == [True, True, True, False]
    assert results[-1].count == 4
    window_start = int(now // 60) * 60
    assert results[-1].retry_after == window_start + 60 - int(now)


def test_next_window_starts_again():
    rule = Rule(limit=1, window=60)
    assert ratelimit.hit("t", "k", rule, now=60.0)
    assert not ratelimit.hit("t", "k", rule, now=61.0)
    assert ratelimit.hit("t", "k", rule, now=121.0)


def test_check_applies_every_rule_to_every_key_and_reports_the_longest_wait():
    rules = [Rule(limit=5, window=3600), Rule(limit=1, window=86400)]
    keys = ["ip:a", "device:b"]
    assert ratelimit.check("t", keys, rules, now=100.0)
    refused = ratelimit.check("t", keys, rules, now=200.0)
    assert not refused
    assert refused.limit == 1
    assert refused.retry_after == 86400 - 200
    # Another device on the same IP is still limited by the IP.
    assert not ratelimit.check("t", ["ip:a", "device:c"], rules, now=300.0)
    # Another IP and device are not.
    assert ratelimit.check("t", ["ip:x", "device:y"], rules, now=300.0)


def test_scopes_are_separate():
    rule = Rule(limit=1, window=60)
    assert ratelimit.hit("a", "k", rule, now=1.0)
    assert ratelimit.hit("b", "k", rule, now=1.0)


def test_reset():
    rule = Rule(limit=1, window=60)
    ratelimit.check("t", ["k"], [rule], now=1.0)
    ratelimit.reset("t", ["k"], [rule], now=1.0)
    assert ratelimit.check("t", ["k"], [rule], now=1.0)


def test_parallel_hits_are_all_counted():
    rule = Rule(limit=1000, window=3600)
    now = 7200.0

    def worker():
        for _ in range(25):
            ratelimit.hit("p", "k", rule, now=now)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ratelimit.hit("p", "k", rule, now=now).count == 201


def test_client_identity_hashes_never_contain_the_ip(settings):
    settings.RATHAUS_CLIENT_HASH_SALT = "pepper"
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    identity = ClientIdentity.from_request(request, device_id="device-1")
    assert "203.0.113.7" not in identity.ip_hash
    assert len(identity.ip_hash) == 64 and len(identity.device_hash) == 64
    assert identity.ip_hash != identity.device_hash
    assert identity.binding_hash == identity.device_hash
    assert identity.keys() == [
        f"ip:{identity.ip_hash}",
        f"device:{identity.device_hash}",
    ]
    # The salt matters: another salt, another hash.
    settings.RATHAUS_CLIENT_HASH_SALT = "other"
    assert ClientIdentity.from_request(request).ip_hash != identity.ip_hash


def test_without_device_the_ip_binds():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    identity = ClientIdentity.from_request(request)
    assert identity.device_hash == ""
    assert identity.binding_hash == identity.ip_hash
    assert identity.keys() == [f"ip:{identity.ip_hash}"]


def test_forwarded_header_is_trusted_only_behind_known_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
    )
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.RATHAUS_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "198.51.100.9"


def test_email_hash_ignores_case_and_spaces():
    assert ratelimit.email_hash(" A@Example.org ") == ratelimit.email_hash(
        "a@example.org"
    )
    assert ratelimit.email_hash("") == ""
