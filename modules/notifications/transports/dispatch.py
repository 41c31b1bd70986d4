"""Sending one batch: concurrent requests, rounds of retries with backoff.

Every target is tried once; the ones that answered 429/5xx (or had network
trouble) are tried again after the longest ``Retry-After`` any of them
asked for, and at least an exponential backoff, up to ``max_attempts``.
What still fails counts as failed; the device keeps its registration.
"""

import time
from concurrent.futures import ThreadPoolExecutor

from .base import FAILED, RETRY, Outcome


class Dispatcher:
    def __init__(
        self,
        transports,
        *,
        concurrency=16,
        max_attempts=4,
        backoff=1.0,
        max_wait=120.0,
        sleep=time.sleep,
    ):
        self.transports = transports
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.pool = ThreadPoolExecutor(max_workers=max(1, concurrency))

    def close(self):
        self.pool.shutdown(wait=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _one(self, item):
        target, payload = item
        transport = self.transports.get(target.transport)
        if transport is None:
            return Outcome(FAILED, detail=f"unknown transport {target.transport}")
        return transport.deliver(target, payload)

    def send(self, items):
        """``items``: [(Target, Payload)]. Returns outcomes in the same order."""
        outcomes = [None] * len(items)
        pending = list(range(len(items)))
        for attempt in range(self.max_attempts):
            results = list(self.pool.map(self._one, [items[i] for i in pending]))
            retry = []
            for index, outcome in zip(pending, results, strict=True):
                outcomes[index] = outcome
                if outcome.status == RETRY:
                    retry.append(index)
            if not retry or attempt == self.max_attempts - 1:
                break
            asked = max((outcomes[i].retry_after or 0) for i in retry)
            self.sleep(min(self.max_wait, max(asked, self.backoff * 2**attempt)))
            pending = retry
        return [
            Outcome(FAILED, detail=f"gave up: {outcome.detail}")
            if outcome.status == RETRY
            else outcome
            for outcome in outcomes
        ]
