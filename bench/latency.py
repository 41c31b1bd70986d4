"""Latency under load for the API benchmark (``run.py``): ``load`` for one
request shape, ``interleaved`` for variants measured round by round under the
same load, and their statistics."""

import math
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def load(request, count, concurrency):
    """Send ``count`` requests with ``concurrency`` clients; latency stats."""
    sessions = [requests.Session() for _ in range(concurrency)]

    def one(number):
        session = sessions[number % concurrency]
        started = time.perf_counter()
        response = request(session)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}: {response.text[:300]}")
        return elapsed, len(response.content), response.headers.get("X-Rathaus-Cache")

    request(sessions[0])  # warm up (and fill the cache for cached runs)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    return {**summary(results), "rps": count / wall}


def percentile(ordered, fraction):
    """Nearest rank: the smallest sample with ``fraction`` of all at or below."""
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


def summary(results):
    """Latency statistics of ``(seconds, bytes, cache header)`` samples."""
    latencies = sorted(result[0] for result in results)
    return {
        "n": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
        "min_ms": latencies[0] * 1000,
        "max_ms": latencies[-1] * 1000,
        "bytes": results[0][1],
        "cache": sorted({result[2] for result in results if result[2]}),
    }


def interleaved(variants, samples, concurrency, seed=0):
    """Measure ``variants`` round by round: every round sends each variant in
    turn, in an order shuffled per round (seeded); for each variant the
    ``concurrency`` clients start together (a barrier) and send one request
    each, so a variant is measured under its own load, as with 2 concurrent
    clients of one operation, never beside another variant's. Rounds: enough
    for ``samples`` requests per variant. Every variant answered once before
    (the answer check, which also warms up and fills the response cache).
    Throughput: a variant's requests / the summed wall time of its steps."""
    names = list(variants)
    rounds = math.ceil(samples / concurrency)
    orders = [
        random.Random(f"{seed}-{number}").sample(names, len(names))
        for number in range(rounds)
    ]
    barrier = threading.Barrier(concurrency)

    def client(number):
        session = requests.Session()
        taken = []
        try:
            for round_number, order in enumerate(orders):
                for name in order:
                    if number == 0:  # before the clock starts (AfterPublish)
                        getattr(variants[name], "prepare", lambda: None)()
                    barrier.wait(timeout=900)
                    started = time.perf_counter()
                    response = variants[name](session)
                    ended = time.perf_counter()
                    if response.status_code != 200:
                        raise RuntimeError(
                            f"{name}: {response.status_code}: {response.text[:300]}"
                        )
                    taken.append(
                        (
                            name,
                            round_number,
                            started,
                            ended,
                            len(response.content),
                            response.headers.get("X-Rathaus-Cache"),
                        )
                    )
        except BaseException:
            barrier.abort()
            raise
        return taken

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        taken = [
            sample for part in pool.map(client, range(concurrency)) for sample in part
        ]
    wall = time.perf_counter() - started
    row = {}
    for name in names:
        mine = [sample for sample in taken if sample[0] == name]
        steps = {}
        for _name, round_number, begun, ended, _bytes, _cache in mine:
            first, last = steps.get(round_number, (begun, ended))
            steps[round_number] = (min(first, begun), max(last, ended))
        busy = sum(last - first for first, last in steps.values())
        row[name] = {
            **summary([(e - b, size, cache) for _n, _r, b, e, size, cache in mine]),
            "rps": len(mine) / busy,
        }
    return row, {"rounds": rounds, "concurrency": concurrency, "wall_s": wall}


def ratios(row):
    """p50 and p95 ratios of one run: every variant / floor, and Rathaus's
    uncached GraphQL / each other API (below 1: Rathaus is faster)."""

    def ratio(a, b):
        return {
            "p50": row[a]["p50_ms"] / row[b]["p50_ms"],
            "p95": row[a]["p95_ms"] / row[b]["p95_ms"],
        }

    result = {f"{name}/floor": ratio(name, "floor") for name in row if name != "floor"}
    for other in ("grapple", "api_v2"):
        if other in row:
            result[f"graphql_uncached/{other}"] = ratio("graphql_uncached", other)
    return result
