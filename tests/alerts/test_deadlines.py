"""Hangs (issue 17): servers that drip one byte at a time or never answer cannot hold a check past
its deadline; deliveries run concurrently and fail with a clear reason."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from lib.alerts import notify
from tests.alerts.test_notify import deliver, firing, message, policy  # noqa: F401 - fixtures

GREETING = b"220 drip.example ESMTP\r\n"
HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


class Drip:
    """A server on 127.0.0.1 that answers each connection one byte every INTERVAL seconds (or
    never, with nothing to say), and stops by itself after LIFETIME seconds."""

    def __init__(self, answer: bytes = b"", interval: float = 0.3, lifetime: float = 8.0):
        self.answer, self.interval, self.lifetime = answer, interval, lifetime
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop_at = time.monotonic() + lifetime
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with self.sock:
            while time.monotonic() < self.stop_at:
                try:
                    conn, _ = self.sock.accept()
                except TimeoutError:
                    continue
                self.connections += 1
                threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            for byte in (self.answer or b"\0" * 10_000):
                if time.monotonic() >= self.stop_at:
                    return
                time.sleep(self.interval)
                if self.answer:
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        return


DEADLINE = 1.5


def webhook_config(server: Drip, **kw) -> notify.Config:
    return notify.Config(webhook_url=f"http://127.0.0.1:{server.port}/hook", timeout=1.0, deadline=DEADLINE, **kw)


@pytest.mark.parametrize("answer", [HTTP_OK, b""], ids=["drip", "silent"])
def test_webhook_drip_or_silence_fails_within_the_deadline(firing, answer):  # noqa: F811
    store, found = firing
    server = Drip(answer)
    started = time.monotonic()
    report = deliver(store, [found], webhook_config(server), policy=policy(attempts=4, timeout=1.0))
    took = time.monotonic() - started
    assert took < DEADLINE + 1.0, f"the check took {took:.1f} s"
    skipped, entry = report            # no e-mail channel is set up: said, not tried
    assert skipped["status"] == "skipped" and "not configured" in skipped["error"]
    assert entry["status"] == "failed"
    assert "deadline" in entry["error"] or "did not answer within" in entry["error"], entry["error"]
    assert store.scalar("SELECT notified FROM alert_events WHERE id = 10") is False


def test_smtp_drip_fails_within_the_deadline(firing):  # noqa: F811
    store, found = firing
    server = Drip(GREETING * 20)
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=server.port, smtp_tls="none",
                           email_to=("t@x.fr",), timeout=1.0, deadline=DEADLINE)
    started = time.monotonic()
    report = [r for r in deliver(store, [found], config) if r["channel"] == "email"]
    assert time.monotonic() - started < DEADLINE + 1.0
    assert report[0]["status"] == "failed" and "deadline" in report[0]["error"], report[0]["error"]


def test_send_email_alone_is_cut_at_its_deadline():
    """The worker itself ends (its socket is cut), not only the check that waits for it."""
    server = Drip(GREETING * 20)
    config = notify.Config(smtp_host="127.0.0.1", smtp_port=server.port, smtp_tls="none",
                           email_to=("t@x.fr",), timeout=1.0, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(notify.DeliveryError, match="within the 1 s deadline"):
        notify.send_email(config, message(), deadline=time.monotonic() + 1.0)
    assert time.monotonic() - started < 2.0


def test_deliveries_run_concurrently_under_one_deadline(firing):  # noqa: F811
    """Many slow channels cost one deadline, not one deadline each."""
    store, found = firing
    slow = []

    def sender(_message, _to):
        slow.append(time.monotonic())
        time.sleep(0.6)

    report = deliver(store, [found], webhook_config(Drip(), smtp_host="x", email_to=("t@x.fr",)),
                            senders={"webhook": sender, "email": sender})
    assert [r["status"] for r in report] == ["sent", "sent"]
    assert max(slow) - min(slow) < 0.3, "the second delivery waited for the first"


def test_run_all_reports_late_jobs_and_does_not_wait_for_them():
    started = time.monotonic()
    outcomes = notify.run_all([lambda: None, lambda: time.sleep(5), lambda: 1 / 0], time.monotonic() + 0.5)
    assert time.monotonic() - started < 1.0
    assert outcomes[0] is None and isinstance(outcomes[1], notify.Late)
    assert isinstance(outcomes[2], ZeroDivisionError)
