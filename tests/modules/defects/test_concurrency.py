"""Many parallel submissions with retried idempotency keys, on PostgreSQL:
none lost, none duplicated."""

import threading
import uuid

import pytest
from django.db import connection, connections

from rathaus.modules.defects import services
from rathaus.modules.defects.models import DefectReport
from rathaus.site.core.models import IdempotencyKey
from rathaus.site.core.ratelimit import ClientIdentity

from .conftest import report_input

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL concurrency"
)

THREADS = 8
REPORTS_PER_THREAD = 6
ATTEMPTS = 3  # every report is sent three times


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_with_retries(pothole, defects_a):
    keys = [
        [str(uuid.uuid4()) for _ in range(REPORTS_PER_THREAD)] for _ in range(THREADS)
    ]
    outcomes = []
    errors = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS * 2)

    def worker(thread_keys, index):
        identity = ClientIdentity(ip_hash=f"{index:064d}", device_hash="")
        try:
            barrier.wait()
            for _attempt in range(ATTEMPTS):
                for key in thread_keys:
                    data = services.report_data(
                        **report_input(description=f"Report {key}")
                    )
                    report, replayed = services.submit_report(
                        defects_a,
                        data,
                        identity=identity,
                        idempotency_key=key,
                        check_rate_limit=False,
                    )
                    with lock:
                        outcomes.append((key, report.pk, replayed))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    # Two threads share each key list: the same report sent by a "retry" that
    # races the first attempt.
    threads = [
        threading.Thread(target=worker, args=(keys[i % THREADS], i))
        for i in range(THREADS * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    all_keys = {key for thread_keys in keys for key in thread_keys}
    assert DefectReport.objects.count() == len(all_keys)  # none duplicated
    assert IdempotencyKey.objects.count() == len(all_keys)
    stored = set(DefectReport.objects.values_list("description", flat=True))
    assert stored == {f"Report {key}" for key in all_keys}  # none lost
    by_key = {}
    for key, pk, _replayed in outcomes:
        by_key.setdefault(key, set()).add(pk)
    assert all(len(pks) == 1 for pks in by_key.values())  # every answer agrees
    first_runs = [outcome for outcome in outcomes if not outcome[2]]
    assert len(first_runs) == len(all_keys)
    assert len(outcomes) == 2 * ATTEMPTS * len(all_keys)
