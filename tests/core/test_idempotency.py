import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from rathaus.site.core import idempotency
from rathaus.site.core.idempotency import IdempotencyConflict
from rathaus.site.core.models import IdempotencyKey
from rathaus.site.municipalities.models import Municipality

KEY = "0d5e9c8a-3a3f-4b6e-9c1d-2f1e0a9b8c7d"


@pytest.mark.django_db
def test_runs_once_and_replays_the_result():
    calls = []

    def operation():
        calls.append(1)
        return {"pk": len(calls)}

    fingerprint = idempotency.fingerprint({"a": 1, "b": [1, 2]})
    first = idempotency.run_once("s", KEY, fingerprint, operation, client_hash="c")
    again = idempotency.run_once(
        "s", KEY, idempotency.fingerprint({"b": [1, 2], "a": 1}), operation
    )
    assert first == idempotency.Outcome(result={"pk": 1}, replayed=False)
    assert again == idempotency.Outcome(result={"pk": 1}, replayed=True)
    assert calls == [1]
    record = IdempotencyKey.objects.get()
    assert record.client_hash == "c" and record.result_reference == {"pk": 1}
    assert idempotency.lookup("s", KEY, fingerprint).replayed


@pytest.mark.django_db
def test_same_key_with_another_payload_is_a_conflict():
    idempotency.run_once("s", KEY, "f1", lambda: {"pk": 1})
    with pytest.raises(IdempotencyConflict):
        idempotency.run_once("s", KEY, "f2", lambda: {"pk": 2})
    with pytest.raises(IdempotencyConflict):
        idempotency.lookup("s", KEY, "f2")


@pytest.mark.django_db
def test_scopes_are_separate():
    idempotency.run_once("s1", KEY, "f", lambda: {"pk": 1})
    assert idempotency.run_once("s2", KEY, "f", lambda: {"pk": 2}).result == {"pk": 2}


@pytest.mark.django_db
def test_a_failing_operation_stores_no_key():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        idempotency.run_once("s", KEY, "f", fail)
    assert not IdempotencyKey.objects.exists()
    assert idempotency.run_once("s", KEY, "f", lambda: {"pk": 3}).result == {"pk": 3}


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "short", "x" * 201, "has space in it", None, 12])
def test_bad_keys_are_refused(key):
    with pytest.raises(ValidationError) as error:
        idempotency.run_once("s", key, "f", lambda: {"pk": 1})
    assert "idempotencyKey" in error.value.message_dict


@pytest.mark.django_db
def test_prune():
    idempotency.run_once("s", KEY, "f", lambda: {"pk": 1})
    assert idempotency.prune() == 0
    assert idempotency.prune(now=timezone.now() + timedelta(days=31)) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locking"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_first_attempts_run_the_operation_once():
    """Many threads send the same keys at once: each key's operation runs
    once, every other attempt replays it."""
    keys = [str(uuid.uuid4()) for _ in range(10)]
    runs = []
    lock = threading.Lock()
    results = []
    errors = []
    barrier = threading.Barrier(12)

    def worker(worker_id):
        try:
            barrier.wait()
            for key in keys:

                def operation(key=key):
                    # Real work in the transaction: a row that must not double.
                    municipality_count = Municipality.objects.count()
                    with lock:
                        runs.append(key)
                    return {"key": key, "seen": municipality_count}

                outcome = idempotency.run_once("race", key, "same", operation)
                with lock:
                    results.append((key, outcome.result["key"]))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(runs) == sorted(keys)  # each operation ran exactly once
    assert len(results) == 12 * len(keys)
    assert all(key == result for key, result in results)
    assert IdempotencyKey.objects.filter(scope="race").count() == len(keys)
