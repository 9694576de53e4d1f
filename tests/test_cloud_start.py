"""Start the app exactly as Streamlit Community Cloud does, then load a page in Chromium.

Cloud installs `requirements.txt` alone (no dev tools) into a fresh environment and runs
`streamlit run app.py --server.headless true` from the repository root. This test does the same
with a fresh venv built from requirements.txt only, so a dependency used by the app but listed
only in requirements-dev.txt (or installed by hand) fails here. The venv is cached under /tmp,
keyed by the hash of requirements.txt and the Python version: the first run takes a minute or
two (pip), later runs reuse it; CI builds it once.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.browser import assert_no_error, open_page, screenshot, streamlit_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CACHE = Path(os.environ.get("BALISE_CLOUD_VENV_CACHE", Path(tempfile.gettempdir()) / "balise-cloud-venv"))
# Packages only the dev tools bring: their presence would mean the venv is not requirements-only.
DEV_ONLY = ("pytest", "playwright", "ruff")


def venv_key(requirements: Path = ROOT / "requirements.txt") -> str:
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update(f"{sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()[:16]


def cloud_venv() -> Path:
    """The python of a venv holding requirements.txt only (built once per requirements hash)."""
    target = CACHE / venv_key()
    python = target / "bin" / "python"
    if (target / ".complete").exists():
        return python
    if target.exists():
        shutil.rmtree(target)   # a half-built one: no .complete mark
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True, timeout=300)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(ROOT / "requirements.txt")],
                          capture_output=True, text=True, timeout=1500)
    if done.returncode:
        raise RuntimeError(f"pip install -r requirements.txt failed:\n{done.stderr[-3000:]}")
    (target / ".complete").write_text(venv_key() + "\n")
    return python


@pytest.fixture(scope="module")
def cloud_python() -> str:
    """The python of the requirements-only venv (built once, then reused from /tmp)."""
    python = cloud_venv()
    for name in DEV_ONLY:
        found = subprocess.run([str(python), "-c", f"import {name}"], capture_output=True)
        assert found.returncode != 0, f"{name} is in the cloud venv: it is not requirements-only"
    return str(python)


@pytest.mark.timeout(1800)   # the first build of the venv runs pip (a minute or two)
def test_the_app_starts_as_on_community_cloud(cloud_python, browser, tmp_path):
    # No workspace yet, as on a first deploy: the app creates and migrates the file itself.
    db = str(tmp_path / "cloud" / "balise.duckdb")
    Path(db).parent.mkdir()
    with streamlit_server(db, python=cloud_python) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_page(page, f"{url}/?lang=en", timeout_ms=120000)
        assert_no_error(page, "overview from the cloud venv")
        assert page.locator("[data-testid='stSidebarNav']").count() == 1
        assert page.locator("h1").count() >= 1
        screenshot(page, "cloud_start_overview")
        page.close()
    log = Path(db).with_suffix(".server.log").read_text()
    assert "Traceback" not in log, log[-3000:]
    assert Path(db).exists()
