"""./serve.sh end to end: replicas behind HAProxy, driven in headless Chromium through the balancer.

Each browser context is a browser of its own (its own cookies), as two people on one machine are;
the balancer pins each to a replica with its affinity cookie and names the replica in a header.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import IDLE, screenshot
from tests.conftest import ROOT
from tests.serving import replica_of, serve
from tests.test_importer import EFFECT_ROWS, xlsx

# The frontend's own state: its websocket is up (it reconnects by itself after a replica dies).
CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'


def open_page(browser, url: str):
    """A tab at the URL in a new browser context (a browser of its own), waited until idle."""
    page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP").new_page()
    page.set_default_timeout(90_000)   # a loaded 2-core machine can be slow; we wait, never sleep
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def _open_on(browser, url: str, replica: str | None = None, *, not_on: str | None = None, tries: int = 6):
    """A page in a new browser context that the balancer put on (or not on) the given replica;
    new contexts are dealt round robin, so a few tries are enough."""
    for _ in range(tries):
        page = open_page(browser, url)
        got = replica_of(page.context)
        if (replica is None or got == replica) and (not_on is None or got != not_on):
            return page
        page.context.close()
    raise AssertionError(f"no new session landed on {replica or 'a replica other than ' + not_on} in {tries} tries")


def _wait_for_replica(page, replica: str, timeout: float = 60) -> None:
    """Wait (bounded) until the balancer has pinned the page's browser to the given replica."""
    deadline = time.monotonic() + timeout
    while replica_of(page.context) != replica:
        assert time.monotonic() < deadline, f"still on {replica_of(page.context)}, not {replica}"
        page.wait_for_timeout(200)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sessions_spread_over_both_replicas(seed_db, browser):
    with serve(seed_db, replicas=2) as served:
        seen = {}
        for _ in range(6):
            page = open_page(browser, served.url + "/")
            page.get_by_text("市名記載なし").first.wait_for()
            seen.setdefault(replica_of(page.context), page)
            if len(seen) == 2:
                break
        assert set(seen) == {"r1", "r2"}
        for replica, page in seen.items():
            # A second tab of the same browser stays with its session's replica; the header agrees.
            tab = page.context.new_page()
            response = tab.goto(served.url + "/kpi")
            assert response.headers["x-plans-replica"] == replica
            tab.wait_for_selector(IDLE, timeout=60_000)
            tab.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
            assert replica_of(tab.context) == replica
        screenshot(seen["r2"], "serve-r2-overview")


def test_upload_preview_and_commit_through_the_balancer(live, browser, tmp_path):
    workbook = tmp_path / "効果額.xlsx"
    workbook.write_bytes(xlsx(EFFECT_ROWS, "効果額"))
    with serve(live, replicas=2) as served:
        page = open_page(browser, served.url + "/upload")
        mine = replica_of(page.context)
        page.get_by_label("計画名（ファイルに計画名がないとき）").fill("新計画")
        page.get_by_label("時点（年度列の効果額表のとき。例: 後期アクションプラン策定時）").fill("後期アクションプラン策定時")
        page.keyboard.press("Tab")
        page.wait_for_selector(IDLE)
        # The uploader posts the file to the replica holding the session (streamlit#4173).
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        page.wait_for_selector(IDLE, timeout=60_000)
        page.get_by_text("追加 18").wait_for()
        page.get_by_role("button", name="この内容で取り込む").click()
        page.get_by_text("バッチ 2 として取り込みました").wait_for()
        screenshot(page, "serve-upload-committed")
        assert replica_of(page.context) == mine
        # Another browser, on the other replica, sees the batch at its first run.
        other = _open_on(browser, served.url + "/", not_on=mine)
        other.get_by_text("新計画").first.wait_for()

        # An import by the command line shows on both replicas at their next rerun.
        csv = tmp_path / "kpi.csv"
        csv.write_bytes("市名,計画,年度,指標,目標,実績,達成,出典\n"
                        "綾瀬市,行革テスト計画,R5,窓口の待ち時間,15分,12分,〇,試験\n".encode("cp932"))
        done = subprocess.run([sys.executable, "-m", "loaders", "import", str(csv), "--db", str(live)],
                              cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        for tab in (page, other):
            tab.goto(served.url + "/")
            tab.get_by_text("行革テスト計画").first.wait_for()
        assert {replica_of(page.context), replica_of(other.context)} == {"r1", "r2"}


def test_a_killed_replica_is_taken_out_and_its_users_reconnect_to_the_other(seed_db, browser):
    with serve(seed_db, replicas=2) as served:
        page = open_page(browser, served.url + "/")
        page.get_by_text("市名記載なし").first.wait_for()
        page.locator('[data-testid="stTable"] table').nth(3).wait_for()   # no table chunk still loading
        doomed = replica_of(page.context)
        survivor = {"r1": "r2", "r2": "r1"}[doomed]
        mark = len(served.lines)
        os.kill(served.pids[doomed], signal.SIGKILL)
        served.wait_for_line(rf"Server replicas/{doomed} is DOWN", after=mark, timeout=30)
        # The tab's websocket reconnects through the balancer, which sends it to the survivor.
        # The cookie changes with the first ping, before the websocket is back: a click before
        # that is dropped by the frontend, so wait for the connection as a person waits for the
        # 「接続中」 banner to go.
        _wait_for_replica(page, survivor)
        page.wait_for_selector(CONNECTED, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.locator('[data-testid="stSidebar"] a', has_text="KPI推移").first.click()
        page.wait_for_url("**/kpi*", wait_until="commit")   # a same-page navigation: no load event
        page.wait_for_selector(IDLE, timeout=60_000)
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        assert replica_of(page.context) == survivor
        screenshot(page, "serve-after-failover")
        # The supervisor starts the replica again; its health check lets it back in.
        served.wait_for_line(rf"Server replicas/{doomed} is UP", after=mark, timeout=90)
        back = _open_on(browser, served.url + "/", doomed)
        back.get_by_text("市名記載なし").first.wait_for()


def test_the_app_works_with_one_replica(seed_db, browser):
    with serve(seed_db, replicas=1) as served:
        page = open_page(browser, served.url + "/effect_amounts")
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
        assert replica_of(page.context) == "r1"
        assert len(served.children()) == 2   # one replica and HAProxy


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_one_stop_leaves_no_process(seed_db, stop):
    with serve(seed_db, replicas=2) as served:
        children = served.children()
        assert len(children) == 3   # two replicas and HAProxy
        ports = [int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", "\n".join(served.lines))]
        port = int(served.url.rsplit(":", 1)[1])
        assert urllib.request.urlopen(served.url + "/_stcore/health", timeout=5).read() == b"ok"
        served.process.send_signal(stop)
        assert served.process.wait(timeout=30) == 0
        served.wait_for_line("^停止しました。$", timeout=10)
    assert [pid for pid in children if _alive(pid)] == []
    for p in {port, *ports}:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", p)) != 0, f"port {p} still answers"


def test_wrong_usage_names_the_expected_form():
    done = subprocess.run(["./serve.sh", "--replicas", "0"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "--replicas 2" in done.stderr


@pytest.mark.parametrize("address, signin", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_served_beyond_localhost_uploads_need_the_sign_in(address, signin):
    from dashboard import serve as supervisor
    s = supervisor.Supervisor(1, 8501, address)
    try:
        assert (s.env.get("PLANS_REQUIRE_SIGNIN") == "1") is signin
    finally:
        s.stop()


def test_a_port_in_use_is_refused_before_anything_starts(seed_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(["./serve.sh", "--replicas", "1", "--port", str(port)], cwd=ROOT,
                              env={**os.environ, "PLANS_DB": str(seed_db)}, capture_output=True, text=True,
                              timeout=120)
    assert done.returncode == 1 and f"ポート {port} は使用中です" in done.stderr
    assert "レプリカ r1:" not in done.stdout
