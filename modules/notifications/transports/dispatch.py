"""Sending one batch: concurrent requests, rounds of retries with backoff.

Every target is tried once, at most ``concurrency`` requests at a time on
one event loop that the dispatcher owns for the whole fan-out (so pooled
connections survive from batch to batch); the ones that answered 429/5xx
(or had network trouble) are tried again after the longest ``Retry-After``
any of them asked for, and at least an exponential backoff, up to
``max_attempts``. What still fails counts as failed; the device keeps its
registration. ``send`` is synchronous: the fan-out reads and writes the
database between batches, never while the loop runs.

The loop runs on a thread of its own, so a caller whose thread already has
a running loop (an async worker; Playwright's sync API in the same test
process) can send as well: ``run_until_complete`` refuses to nest.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from . import http
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
        self.concurrency = max(1, concurrency)
        self.loop = asyncio.new_event_loop()
        self.loop_thread = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="push-dispatch"
        )
        self.client = http.new_client(self.concurrency)

    def run(self, coroutine):
        """The result of ``coroutine``, run on the dispatcher's loop thread."""
        return self.loop_thread.submit(self.loop.run_until_complete, coroutine).result()

    def close(self):
        try:
            self.run(self.client.close())
            self.run(self.loop.shutdown_default_executor())
        finally:
            self.loop_thread.submit(self.loop.close).result()
            self.loop_thread.shutdown()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    async def _round(self, items):
        """Outcomes of ``items`` in order; ``concurrency`` workers share them
        (a task per worker, not per item: a batch is hundreds of items)."""
        outcomes = [None] * len(items)
        indexes = iter(range(len(items)))

        async def worker():
            for index in indexes:
                target, payload = items[index]
                transport = self.transports.get(target.transport)
                if transport is None:
                    outcomes[index] = Outcome(
                        FAILED, detail=f"unknown transport {target.transport}"
                    )
                    continue
                outcomes[index] = await transport.deliver(self.client, target, payload)

        workers = min(self.concurrency, len(items))
        await asyncio.gather(*(worker() for _ in range(workers)))
        return outcomes

    def send(self, items):
        """``items``: [(Target, Payload)]. Returns outcomes in the same order."""
        outcomes = [None] * len(items)
        pending = list(range(len(items)))
        for attempt in range(self.max_attempts):
            results = self.run(self._round([items[i] for i in pending]))
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
