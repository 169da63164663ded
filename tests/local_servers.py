"""Real servers on 127.0.0.1 for the notification tests: an SMTP server (aiosmtpd) and an HTTP server that
plays a chat robot or webhook receiver. Each keeps what it received and answers as the test tells it."""
from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """Every message received, parsed."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):   # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [msg for msg in self.messages if address in msg["X-Envelope-To"]]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


class running_mailbox:
    """``with running_mailbox() as box:`` an SMTP server for the block."""

    def __enter__(self) -> Mailbox:
        self.box = Mailbox("127.0.0.1", free_port())
        self.controller = Controller(self.box, hostname=self.box.host, port=self.box.port)
        self.controller.start()
        return self.box

    def __exit__(self, *exc) -> None:
        self.controller.stop()


@dataclass
class Request:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Receiver:
    """What a robot received, and what it answers next: ``status``, a JSON ``reply``, after ``delay`` s."""

    port: int
    received: list[Request] = field(default_factory=list)
    status: int = 200
    reply: dict | str = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    delay: float = 0.0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, status: int = 200, reply: dict | str | None = None, delay: float = 0.0) -> None:
        self.status, self.delay = status, delay
        if reply is not None:
            self.reply = reply


class running_receiver:
    """``with running_receiver() as robot:`` an HTTP server on 127.0.0.1 for the block."""

    def __enter__(self) -> Receiver:
        state: dict[str, Receiver] = {}

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):   # noqa: N802 - the http.server hook's name
                r = state["r"]
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                r.received.append(Request(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                                          {k.lower(): v for k, v in self.headers.items()}, body))
                time.sleep(r.delay)
                out = (r.reply if isinstance(r.reply, str) else json.dumps(r.reply)).encode("utf-8")
                try:
                    self.send_response(r.status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up waiting: that is the test
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        state["r"] = Receiver(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return state["r"]

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
