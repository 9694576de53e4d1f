"""Browser-test plumbing: a real `streamlit run` server and Debian's Chromium via Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("BALISE_CHROMIUM", "/usr/bin/chromium")
# Chromium's background services try to reach Google; this machine has no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def app_pages() -> list[str]:
    """The url path of every page of the registry (lib/ui/navigation.py), in menu order: the
    default page's is the root (Streamlit answers its own path with "Page not found")."""
    from lib.ui import navigation

    return ["" if page.default else page.key for page in navigation.PAGES]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db: str, extra_env: dict | None = None, python: str | None = None):
    """Start `streamlit run app.py --server.headless true` on a free port; yield its URL."""
    port = free_port()
    env = {**os.environ, "BALISE_DB": db, **(extra_env or {})}
    log = open(Path(db).with_suffix(".server.log"), "w")
    proc = subprocess.Popen(
        [python or sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not become healthy: {Path(log.name).read_text()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def open_page(page, url: str, timeout_ms: int = 60000) -> None:
    """Go to a URL and wait until the script has finished running."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    # The app reads "not running" before its first run has started (a busy server is slow to
    # start it): wait for the run's first element, then for the run's end.
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stElementContainer']", timeout=timeout_ms)
    wait_idle(page, timeout_ms)


def wait_idle(page, timeout_ms: int = 60000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    # A rerun may start right after (URL sync); let it settle.
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def assert_no_error(page, name: str) -> None:
    exceptions = page.locator("[data-testid='stException']").count()
    errors = page.locator("[data-testid='stAlertContentError']").count()
    assert exceptions == 0 and errors == 0, f"{name}: {exceptions} exception(s), {errors} error box(es)"
    # Streamlit's box for a path no page has (it then shows the default page under it)
    assert not page.get_by_text("Page not found").count(), f"{name}: 'Page not found'"


def assert_no_cut_figure(page, name: str) -> None:
    """A card's figure shown whole: Streamlit ends a figure wider than its card with '…'."""
    overflow = ("e => [e, ...e.querySelectorAll('*')].some(c => c.scrollWidth > c.clientWidth + 1)")
    cut = [v.inner_text() for v in page.locator("[data-testid='stMetricValue']").all() if v.evaluate(overflow)]
    assert not cut, f"{name}: figures cut by their card: {cut}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
