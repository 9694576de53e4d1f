"""Concurrent users: N browser sessions load pages while one more uploads a real export.

A real `streamlit run` server on 127.0.0.1 (tests/browser.py) on a copy of a demo workspace, and
one headless Chromium with one context per session (its own cookies and websocket). Every
session goes through the app's pages for a bounded number of rounds; meanwhile an extra session
drops a real export on the Data page and confirms the load. Measured: the time of each page load
(navigation until the page title is drawn and the script state is notRunning), p50/p95/max,
error boxes and exceptions on the pages, problems in the server log (tracebacks, "connection
busy", transaction errors), the server's peak resident memory (VmHWM), and whether the upload's
rows are in the store afterwards.

`python -m bench.concurrency` runs it alone; BENCH_SESSIONS, BENCH_ROUNDS and BENCH_PAGES_PER_ROUND
size it (default 20 sessions x 3 rounds x 2 pages: 120 page loads).
"""
from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = ("meta_ads_manager_inr", "Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv")
LOAD_TIMEOUT_MS = int(os.environ.get("BENCH_LOAD_TIMEOUT_MS", "240000"))
CHIP_TIMEOUT_MS = 60000   # the file chip is drawn by the browser as soon as the file is taken
# Server-log lines that mean a user saw (or could have seen) a failure.
LOG_PROBLEMS = re.compile(r"Traceback|connection (is )?busy|TransactionException|"
                          r"Uncaught app exception|Uncaught app execution|Error:", re.IGNORECASE)


def upload_file() -> Path | None:
    path = ROOT.parent / "shared" / "data" / "real-exports" / UPLOAD[0] / UPLOAD[1]
    return path if path.exists() else None


def server_pid(url: str) -> int | None:
    """The pid of the `streamlit run` listening on URL's port (found in /proc by command line)."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and b"--server.port" in args \
                and args[args.index(b"--server.port") + 1] == port.encode():
            return int(proc.name)
    return None


def peak_rss_mb(pid: int | None) -> float | None:
    """The peak resident memory of PID in MiB: /proc's VmHWM, else psutil (current RSS)."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import psutil

        info = psutil.Process(pid).memory_info()
        return (getattr(info, "peak_wset", None) or info.rss) / 1024 ** 2
    except Exception:   # psutil absent, or the process is gone
        return None


async def _errors(page) -> int:
    return (await page.locator("[data-testid='stException']").count()
            + await page.locator("[data-testid='stAlertContentError']").count())


async def _load(page, url: str) -> float:
    from tests.browser import IDLE

    start = time.perf_counter()
    await page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_selector("[data-testid='stMain'] h1", timeout=LOAD_TIMEOUT_MS)
    await page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
    return time.perf_counter() - start


async def _session(browser, url: str, pages: list[str], index: int, rounds: int, per_round: int,
                   out: dict) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(LOAD_TIMEOUT_MS)   # actions wait as long as loads under load
    page = await context.new_page()
    try:
        for r in range(rounds):
            for k in range(per_round):
                key = pages[(index + r * per_round + k) % len(pages)]   # each its own cycle
                try:
                    out["times"].append(await _load(page, f"{url}/{key}?lang=en"))
                    if "lang=en" not in page.url:   # the session fell back to the workspace language
                        out["lang_lost"] += 1
                    found = await _errors(page)
                    if found:
                        out["errors"] += found
                        out["where"].append(key)
                except Exception as exc:   # a timeout is a failure of the app under load
                    out["errors"] += 1
                    out["where"].append(f"{key}: {type(exc).__name__}")
    finally:
        await context.close()


async def _upload(browser, url: str, file: Path, delay: float, out: dict) -> None:
    from tests.browser import IDLE

    await asyncio.sleep(delay)   # start while the sessions are loading pages
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(LOAD_TIMEOUT_MS)
    page = await context.new_page()
    # What the session went through, for when it ends without its ?lang=en.
    trail = out.setdefault("upload_trail", [])
    page.on("websocket", lambda ws: (trail.append("websocket opened"),
                                     ws.on("close", lambda _: trail.append("websocket closed"))))
    page.on("framenavigated", lambda frame: trail.append(f"url {frame.url.split('/', 3)[-1]}")
            if frame == page.main_frame else None)
    start = time.perf_counter()
    try:
        await _load(page, f"{url}/data?lang=en")
        await page.wait_for_timeout(500)   # let a follow-up rerun (URL sync) settle, as wait_idle
        await page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
        uploader = page.locator("[data-testid='stFileUploader'] input[type='file']").first
        # A drop the page lost (no file chip shown: once in CI's heaviest run, the rerun under way
        # took it) is dropped again, as a user would; how many drops it took is reported.
        for drops in range(1, 4):
            await uploader.set_input_files(str(file))
            try:
                await page.locator("[data-testid='stFileChip']").first.wait_for(timeout=CHIP_TIMEOUT_MS)
                break
            except Exception:   # playwright's TimeoutError
                if drops == 3:
                    raise
        out["upload_drops"] = drops
        # The export names no ad account and the demo holds several: say whose it is, as a user
        # does (issue 16), by picking the first account offered.
        # Wait for the preview (its format choice), however long the loaded machine takes, then
        # look for the question: a fixed 30 s wait missed it once under CI's load.
        await page.locator("[class*='st-key-data_fmt_']").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
        which = page.locator("[class*='st-key-acc_which_'] input")
        if await which.count():   # none in a workspace where the account is known
            await which.click()   # a combobox: the keyboard picks its first option
            await page.keyboard.press("ArrowDown")
            await page.keyboard.press("Enter")
        # By widget key and element type, not by text: whatever language the session ends in.
        confirm = page.locator(".st-key-data_confirm button:not([disabled])")
        await confirm.wait_for(timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
        await confirm.click()
        await page.locator("[data-testid='stAlertContentSuccess']").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        await page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT_MS)
        out["upload_errors"] = await _errors(page)
        out["upload_lang_lost"] = "lang=en" not in page.url
        out["upload_s"] = time.perf_counter() - start
        out["upload"] = "confirmed"
    except Exception as exc:
        out["upload"] = f"failed ({type(exc).__name__}: {str(exc)[:200]})"
        try:   # what the uploader saw, for the report
            from tests.browser import ARTIFACTS

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "concurrency_upload_failed.png"), full_page=True)
            out["upload_page"] = (await page.locator("[data-testid='stMain']").inner_text())[:1500]
        except Exception:
            pass
    finally:
        await context.close()


async def _drive(url: str, sessions: int, rounds: int, per_round: int, file: Path | None) -> dict:
    from playwright.async_api import async_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, app_pages

    pages = app_pages()
    out = {"times": [], "errors": 0, "where": [], "lang_lost": 0, "upload": "skipped", "upload_s": None,
           "upload_errors": 0}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            tasks = [_session(browser, url, pages, i, rounds, per_round, out) for i in range(sessions)]
            if file is not None:
                tasks.append(_upload(browser, url, file, 2.0, out))
            start = time.perf_counter()
            await asyncio.gather(*tasks)
            out["wall_s"] = time.perf_counter() - start
        finally:
            await browser.close()
    return out


def run(db: str, sessions: int = 20, rounds: int = 3, per_round: int = 2,
        upload: bool = True) -> dict:
    """Drive the app on a copy of DB; return the measures (the copy is left in a temp dir)."""
    from lib.store import Store
    from tests.browser import streamlit_server

    work = Path(tempfile.mkdtemp(prefix="balise-concurrency-"))
    copy = str(work / "workspace.duckdb")
    shutil.copy(db, copy)
    file = upload_file() if upload else None
    before = Store(copy)
    loads_before = before.scalar("SELECT count(*) FROM loads")
    before.close()
    with streamlit_server(copy) as url:
        pid = server_pid(url)
        # Its own thread: asyncio.run refuses to nest in a running loop (sync Playwright's).
        with ThreadPoolExecutor(1) as pool:
            out = pool.submit(asyncio.run, _drive(url, sessions, rounds, per_round, file)).result()
        out["peak_rss_mb"] = peak_rss_mb(pid)
    log = Path(copy).with_suffix(".server.log").read_text(errors="replace")
    out["log_problems"] = [line for line in log.splitlines() if LOG_PROBLEMS.search(line)]
    out["sessions"], out["rounds"], out["per_round"] = sessions, rounds, per_round
    times = np.array(out["times"]) if out["times"] else np.array([np.nan])
    out["p50"], out["p95"], out["max"] = (float(np.percentile(times, 50)),
                                         float(np.percentile(times, 95)), float(np.max(times)))
    if file is None:
        out["upload"] = "skipped: ../shared/data/real-exports not present" if upload else "off"
        out["upload_rows"] = None
        return out
    after = Store(copy)
    try:
        found = after.rows("SELECT load_id, inserted FROM loads WHERE file_name = ? AND status = 'loaded' "
                           "ORDER BY load_id", [file.name])
        out["loads_added"] = after.scalar("SELECT count(*) FROM loads") - loads_before
        out["upload_rows"] = (after.scalar("SELECT count(*) FROM ad_performance WHERE load_id = ?",
                                           [found[-1][0]]) if found else 0)
        out["upload_inserted"] = found[-1][1] if found else 0
    finally:
        after.close()
    return out


def table(out: dict) -> str:
    """The measures as a markdown table."""
    rss = f"{out['peak_rss_mb']:.0f} MiB" if out.get("peak_rss_mb") else "n/a"
    upload = out["upload"]
    if out.get("upload_rows") is not None:
        upload += (f", {out['upload_rows']} rows stored (of {out.get('upload_inserted')} inserted)"
                   + (f" in {out['upload_s']:.1f} s" if out.get("upload_s") else ""))
    if out.get("upload_lang_lost"):
        upload += " (its session fell back to the workspace language: ?lang=en lost)"
    if (out.get("upload_drops") or 1) > 1:
        upload += f" (the file dropped {out['upload_drops']} times: the page lost a drop)"
    rows = [
        ("sessions x rounds x pages", f"{out['sessions']} x {out['rounds']} x {out['per_round']} "
                                      f"= {len(out['times'])} page loads in {out.get('wall_s', 0):.0f} s"),
        ("page load p50", f"{out['p50']:.2f} s"),
        ("page load p95", f"{out['p95']:.2f} s"),
        ("page load max", f"{out['max']:.2f} s"),
        ("error boxes / exceptions / timeouts", str(out["errors"] + out.get("upload_errors", 0))),
        ("server log problems (traceback, busy)", str(len(out["log_problems"]))),
        ("loads that lost ?lang=en", str(out.get("lang_lost", 0))),
        ("server peak RSS", rss),
        ("upload during the load", upload),
    ]
    lines = ["| measure | value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
    if out["where"]:
        lines.append(f"\nErrors on: {', '.join(out['where'][:10])}")
    if out["log_problems"]:
        lines.append("\nServer log: " + " / ".join(out["log_problems"][:5]))
    if out.get("upload_lang_lost"):
        lines.append("\nThe upload's session went through: " + " -> ".join(out.get("upload_trail", [])))
    return "\n".join(lines)


def section(db: str | None = None) -> dict | None:
    """`make bench`'s section: the demo workspace (built here unless DB is given)."""
    print("\n## 20 sessions while one uploads\n", flush=True)
    if not Path(os.environ.get("BALISE_CHROMIUM", "/usr/bin/chromium")).exists():
        print("Skipped: Chromium is not installed (apt-get install chromium).")
        return None
    if db is None:
        from lib.demo import build as demo
        from lib.store import Store

        db = str(Path(tempfile.mkdtemp(prefix="balise-bench-")) / "demo.duckdb")
        s = Store(db)
        demo.build_workspace(s)
        s.close()
    out = run(db, sessions=int(os.environ.get("BENCH_SESSIONS", "20")),
              rounds=int(os.environ.get("BENCH_ROUNDS", "3")),
              per_round=int(os.environ.get("BENCH_PAGES_PER_ROUND", "2")))
    if out["upload"].startswith("skipped"):
        print(f"Upload part {out['upload']}.")
    print(table(out))
    print("\nAims: no error, no server-log problem, the upload's rows stored; one browser with a "
          "context per session on the same machine as the server, so times include Chromium's work.")
    return out


if __name__ == "__main__":
    section()
