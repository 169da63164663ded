"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams (uvloop when installed).

Each of ``clients`` coroutines holds one keep-alive connection and sends GET requests back to
back (a closed loop: a new request as soon as the previous answer is read), picking each from a
pool of pre-encoded requests, for ``warmup`` seconds that are not counted and then ``duration``
seconds that are. It records every answer's status and latency; refused or dropped connections
and timeouts are failures, counted by kind. The client is deliberately thin (no HTTP library, no
parsing beyond the status line, Content-Length and chunked bodies) so that on a small machine
most of the CPU goes to the server being measured; its own CPU time is reported alongside.

    .venv/bin/python benchmarks/loadgen.py http://127.0.0.1:8000/api/v1/health --clients 32 --duration 20
    .venv/bin/python benchmarks/loadgen.py http://127.0.0.1:8000/api/v1/me/okrs -H "Authorization: Bearer okr_…"
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ERROR_SAMPLES = 5


@dataclass(frozen=True)
class Request:
    """One pre-encoded GET, and the label its latency is reported under."""

    label: str
    raw: bytes


def encode_get(host: str, port: int, path: str, headers: Sequence[tuple[str, str]] = (), label: str = "") -> Request:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive", "Accept: application/json"]
    lines += [f"{name}: {value}" for name, value in headers]
    return Request(label, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


@dataclass
class LoadResult:
    clients: int
    duration_s: float
    latencies_ms: list[float] = field(default_factory=list)          # every counted answer, 2xx or not
    by_label: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)               # no answer: exception name -> count
    error_samples: list[str] = field(default_factory=list)
    client_cpu_s: float = 0.0

    @property
    def errors(self) -> int:
        """Answers that were not 2xx, plus requests that got no answer at all."""
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300) + sum(self.failures.values())

    def summary(self) -> dict:
        count = len(self.latencies_ms)
        out = {"clients": self.clients, "duration_s": round(self.duration_s, 2), "requests": count,
               "throughput_rps": round(count / self.duration_s, 1) if self.duration_s else 0.0,
               **latency_stats(self.latencies_ms), "errors": self.errors,
               "statuses": {str(k): v for k, v in sorted(self.statuses.items())}, "failures": dict(self.failures),
               "error_samples": self.error_samples, "client_cpu_s": round(self.client_cpu_s, 2)}
        if len(self.by_label) > 1:
            out["by_label"] = {label: {"requests": len(v), **latency_stats(v)} for label, v in sorted(self.by_label.items())}
        return out


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of already sorted values."""
    if not sorted_values:
        return math.nan
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))]


def latency_stats(values: Sequence[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {"p50_ms": None, "p90_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    return {"p50_ms": round(percentile(ordered, 0.5), 2), "p90_ms": round(percentile(ordered, 0.9), 2),
            "p99_ms": round(percentile(ordered, 0.99), 2), "max_ms": round(ordered[-1], 2),
            "mean_ms": round(sum(ordered) / len(ordered), 2)}


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, server closes the connection) of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked, close = None, False, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            close = b"close" in value.lower()
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")     # no trailers expected: the final CRLF
                break
            parts.append(await reader.readexactly(size + 2))
        return status, b"".join(p[:-2] for p in parts), close
    if length is not None:
        return status, await reader.readexactly(length), close
    return status, await reader.read(), True


async def fetch_once(host: str, port: int, request: Request, timeout: float = 30.0) -> tuple[int, bytes]:
    """One request on its own connection: for probing an endpoint before loading it."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        async with asyncio.timeout(timeout):
            writer.write(request.raw)
            status, body, _ = await read_response(reader)
        return status, body
    finally:
        writer.close()


async def each_once(host: str, port: int, requests: Sequence[Request], *, clients: int = 32,
                    timeout: float = 60.0) -> LoadResult:
    """Send every request exactly once, ``clients`` at a time (one connection each); all of them are counted."""
    queue: asyncio.Queue = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    result = LoadResult(clients=clients, duration_s=0.0)
    t0 = time.perf_counter()

    async def worker() -> None:
        while not queue.empty():
            request = queue.get_nowait()
            started = time.perf_counter()
            try:
                status, body = await fetch_once(host, port, request, timeout)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as e:
                result.failures[type(e).__name__] += 1
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.statuses[status] += 1
            if not 200 <= status < 300 and len(result.error_samples) < ERROR_SAMPLES:
                result.error_samples.append(f"{status}: {body[:300].decode('utf-8', 'replace')}")

    await asyncio.gather(*(worker() for _ in range(clients)))
    result.duration_s = time.perf_counter() - t0
    return result


async def _client(host: str, port: int, pool: Sequence[Request], rng: random.Random, start: float,
                  deadline: float, timeout: float, think: float, result: LoadResult) -> None:
    reader = writer = None
    clock = time.perf_counter
    while clock() < deadline:
        request = pool[rng.randrange(len(pool))]
        t0 = clock()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            async with asyncio.timeout(timeout):
                writer.write(request.raw)
                status, body, close = await read_response(reader)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as e:
            if t0 >= start:
                result.failures[type(e).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        elapsed_ms = (clock() - t0) * 1000
        if t0 >= start:
            result.latencies_ms.append(elapsed_ms)
            result.by_label[request.label].append(elapsed_ms)
            result.statuses[status] += 1
            if not 200 <= status < 300 and len(result.error_samples) < ERROR_SAMPLES:
                result.error_samples.append(f"{status} {request.raw.split(b' ', 2)[1].decode()}: "
                                            f"{body[:300].decode('utf-8', 'replace')}")
        if close:
            writer.close()
            reader = writer = None
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))
    if writer is not None:
        writer.close()


async def load(host: str, port: int, pool: Sequence[Request], *, clients: int = 32, duration: float = 20.0,
               warmup: float = 2.0, timeout: float = 30.0, seed: int = 1, think: float = 0.0) -> LoadResult:
    """Run ``clients`` clients for ``warmup`` + ``duration`` seconds; count only the last part.

    With ``think`` 0 each client sends its next request as soon as it has the answer (a closed loop:
    the server is saturated and latency is queueing); otherwise it first pauses a random time, mean
    ``think`` seconds (exponential), as a person reading the page would.
    """
    if not pool:
        raise ValueError("no requests to send: the pool is empty")
    result = LoadResult(clients=clients, duration_s=duration)
    cpu0 = time.process_time()
    start = time.perf_counter() + warmup
    deadline = start + duration
    await asyncio.gather(*(_client(host, port, pool, random.Random(seed * 1000 + i), start, deadline, timeout, think,
                                   result) for i in range(clients)))
    result.client_cpu_s = time.process_time() - cpu0
    return result


def run(coro):
    """Run a coroutine on uvloop when it is installed (cheaper per request), else on asyncio's loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("urls", nargs="+", metavar="URL", help="http://HOST:PORT/PATH; several: picked at random")
    ap.add_argument("-H", "--header", action="append", default=[], metavar="'Name: value'")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--duration", type=float, default=20.0)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests, seconds")
    args = ap.parse_args(argv)
    headers = []
    for h in args.header:
        name, sep, value = h.partition(":")
        if not sep:
            ap.error(f"--header {h!r}: expected 'Name: value'")
        headers.append((name.strip(), value.strip()))
    parts = [urlsplit(u) for u in args.urls]
    if any(p.scheme != "http" or not p.hostname for p in parts) or len({(p.hostname, p.port) for p in parts}) > 1:
        ap.error("URLs must be http:// and share one host and port")
    host, port = parts[0].hostname, parts[0].port or 80
    pool = [encode_get(host, port, (p.path or "/") + (f"?{p.query}" if p.query else ""), headers, p.path)
            for p in parts]
    result = run(load(host, port, pool, clients=args.clients, duration=args.duration, warmup=args.warmup,
                      timeout=args.timeout, think=args.think))
    print(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
