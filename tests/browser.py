"""Browser-test harness: a real `streamlit run` on a free port, driven in headless Chromium."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path | None, env: dict | None = None, script: str = "app.py"):
    """Start the app (or another script) on the given database; yields its base URL; stops the
    process it started.

    The server's output goes to a file, never to an unread pipe, which blocks the server once its
    64 KiB are full."""
    port = free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **({"PLANS_DB": str(db)} if db else {}), **(env or {})},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"streamlit did not start:\n{log.read().decode(errors='replace')}")
                time.sleep(0.2)
        yield url
    except BaseException:
        # a failed test leaves the server's last words in its report: a traceback or a kill
        # there says more than a timeout in the browser
        log.seek(0)
        alive = "running" if process.poll() is None else f"exited with {process.returncode}"
        sys.stderr.write(f"--- streamlit ({alive} when the test failed), end of its log ---\n"
                         + log.read().decode(errors="replace")[-4000:])
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def chromium():
    if not os.path.exists(CHROMIUM):
        raise RuntimeError("Chromium がありません: ./test.sh を使うか apt-get install -y chromium を実行してください。")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, width: int = 1440, height: int = 900) -> Page:
    """A new tab at the URL, waited until the script has finished running."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="ja-JP")
    page.set_default_timeout(90_000)  # a loaded 2-core machine can be slow; we wait, never sleep
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def until(action, done, tries: int = 3, timeout: float = 20_000) -> None:
    """Do `action` and wait for `done` (a locator that appears when it took effect); do it again
    when it did not. On a loaded machine a click can land while the page is still laying out (a
    chart or table above growing moves the target), and the click is lost; a person clicks again."""
    for attempt in range(tries):
        action()
        try:
            done.wait_for(timeout=timeout)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def download(page: Page, button, tries: int = 3, timeout: float = 30_000):
    """Click `button` and return the download it starts; click again when none started (a click
    that lands while the page still lays out is lost, as `until` says). The file is the first one."""
    for attempt in range(tries):
        try:
            with page.expect_download(timeout=timeout) as caught:
                button.click()
            return caught.value
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def signed_in(page: Page, password: str, where=None, tries: int = 3) -> None:
    """Sign in through the password form in `where` (the page, the sidebar, one form) and wait for
    the rerun that replaces it. A click that lands while the page still lays out (a chart being
    drawn) is lost, the form still there: sign in again, as a person would."""
    where = where or page
    for attempt in range(tries):
        where.get_by_label("パスワード").fill(password)
        where.get_by_role("button", name="サインイン").click()
        try:
            where.get_by_label("パスワード").wait_for(state="detached", timeout=30_000)
            break
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
    page.wait_for_selector(IDLE)


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`, as a person does: open it, type, Enter;
    opened again if the list did not show (the menu closes when the page lays out under it)."""
    page.wait_for_selector(IDLE)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).locator("input")

    def type_it():
        box.click()
        box.fill("")        # a second try starts from an empty box, the list open again
        box.fill(option)

    until(type_it, page.get_by_role("option", name=option, exact=True))
    box.press("Enter")
    page.wait_for_selector(IDLE)


def switch_on(page: Page, label: str) -> None:
    """Turn on the toggle or checkbox whose label starts with `label`, clicked again only while it
    is still off (a second click on one that took would turn it off)."""
    box = page.locator(f'input[type="checkbox"][aria-label^="{label}"]').first   # a toggle's role is switch
    for _ in range(3):
        if box.is_checked():
            break
        box.locator("xpath=ancestor::label[1]").click()
        try:
            page.wait_for_function("e => e.checked", arg=box.element_handle(), timeout=20_000)
        except PlaywrightTimeout:
            continue
    page.wait_for_selector(IDLE)
    assert box.is_checked(), label


def expand(page: Page, title: str) -> None:
    """Open the expander whose title starts with `title` (clicked again only while still closed)."""
    details = page.locator('[data-testid="stExpander"] details').filter(
        has=page.locator("summary").get_by_text(title)).first
    for _ in range(3):
        if details.evaluate("e => e.open"):
            break
        details.locator("summary").click()
        try:
            page.wait_for_function("e => e.open", arg=details.element_handle(), timeout=20_000)
        except PlaywrightTimeout:
            continue
    assert details.evaluate("e => e.open"), title
