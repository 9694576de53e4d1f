"""A scripted HTTP server on 127.0.0.1 for connector tests, run in a thread.

Each fake subclasses `FakeServer` and implements `answer(request) -> Reply`. Tests push
scripted replies (`server.script.append(Reply(...))`) that are served first, in order, to the
requests their `match` accepts: a 429 with Retry-After, a burst of 500s, a malformed body...
`server.die_after(n)` makes the server drop every connection after n more answered requests.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    """What the fake received (headers kept so tests can check what was sent)."""
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    at: float

    def json(self):
        return json.loads(self.body or b"{}")


@dataclass
class Reply:
    """A scripted answer: status, JSON (or raw bytes), headers, a delay before answering."""
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    raw: bytes | None = None
    match: str = ""          # served only to requests whose path contains this


class FakeServer:
    """Threaded HTTP server with a request log, a script of replies and a kill switch."""

    def __init__(self):
        self.requests: list[Request] = []
        self.script: list[Reply] = []
        self._lock = threading.Lock()
        self._budget: int | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                fake._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def die_after(self, answered: int | None) -> None:
        """Drop every connection once ANSWERED more requests were served (None: revive)."""
        self._budget = answered

    def answer(self, request: Request) -> Reply:
        raise NotImplementedError

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        request = Request(handler.command, parts.path, parse_qs(parts.query),
                          dict(handler.headers), body, time.monotonic())
        with self._lock:
            self.requests.append(request)
            if self._budget is not None:
                if self._budget <= 0:
                    handler.close_connection = True  # no answer at all: the server "died"
                    return
                self._budget -= 1
            reply = next((r for r in self.script if r.match in request.path), None)
            if reply is not None:
                self.script.remove(reply)
        reply = reply or self.answer(request)
        if reply.delay:
            time.sleep(reply.delay)
        data = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.headers.get("Content-Type",
                                                                  "application/json"))
            for name, value in reply.headers.items():
                if name != "Content-Type":
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


def error(status: int, message: str, reason: str = "") -> Reply:
    """A Google-style JSON error body."""
    names = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
             429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
    return Reply(status, {"error": {"code": status, "message": message,
                                    "status": names.get(status, "UNKNOWN"),
                                    **({"details": [{"reason": reason}]} if reason else {})}})


def fast_policy(**kw):
    """A retry policy with tiny waits for tests; records the waits it took in `.sleeps`."""
    import time

    from lib.sources.http import Policy

    sleeps = []
    values = dict(attempts=3, base=0.01, cap=0.02, max_wait=1.0, timeout=1.0,
                  sleep=lambda s: (sleeps.append(s), time.sleep(s)))
    values.update(kw)
    p = Policy(**values)
    p.sleeps = sleeps
    return p
