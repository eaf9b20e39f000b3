"""`sohoa serve` with real parts: the service as a separate process on 127.0.0.1 (uvicorn), its
process pool reading with the real Tesseract, SQLite always, a throw-away PostgreSQL cluster
(Debian's packages, started here), and the review page driven in Debian's headless Chromium."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from conftest import plan_fixtures, run_cli
from docgen import save_pdf, scan_document
from serving import PLAN_TXT, TOKEN, Server, _free_port, load


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("serve") / "data").start()
    yield srv
    srv.stop()


def _without_timings(doc: dict) -> dict:
    doc = json.loads(json.dumps(doc))
    for step in doc["provenance"]["steps"]:
        step["seconds"] = 0
    return doc


def test_upload_gives_the_same_json_as_sohoa_run(server, tmp_path):
    path = tmp_path / "ke-hoach-tet-trong-cay.txt"
    path.write_text(PLAN_TXT, encoding="utf-8")
    r = server.upload(path)
    assert r.status_code == 202 and r.json()["status_url"] == f"/documents/{r.json()['id']}"
    v = server.wait(r.json()["id"])
    assert v["status"] == "done", v
    p = run_cli("run", path.name, "-q", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert _without_timings(v["document"]) == _without_timings(json.loads(p.stdout))
    assert v["pages_done"] == v["pages_total"] == 1
    # the same file again is the same document
    again = server.upload(path)
    assert again.status_code == 202 and again.json()["id"] == r.json()["id"]
    assert httpx.get(server.url + "/documents", params={"q": "Tân Hiệp"}).json()["total"] == 1


def test_search_ignores_diacritics_filters_and_pages(server, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(PLAN_TXT, encoding="utf-8")
    doc_id = server.upload(path).json()["id"]
    server.wait(doc_id)
    other = tmp_path / "b.txt"
    other.write_text(PLAN_TXT.replace("31/KH-UBND", "32/TB-UBND").replace("KẾ HOẠCH", "THÔNG BÁO")
                     .replace("Tết trồng cây", "họp giao ban").replace("15 tháng 01", "20 tháng 3"), encoding="utf-8")
    other_id = server.upload(other).json()["id"]
    server.wait(other_id)
    find = lambda **p: httpx.get(server.url + "/documents", params=p).json()  # noqa: E731
    hits = find(q="ke hoach tet trong cay")
    assert [d["id"] for d in hits["items"]] == [doc_id]
    assert find(q="KẾ HOẠCH TẾT")["items"][0]["id"] == doc_id
    assert {d["id"] for d in find(issuer="xa tan hiep")["items"]} >= {doc_id, other_id}
    assert [d["id"] for d in find(doc_type="TB", issuer="tan hiep")["items"]] == [other_id]
    assert [d["id"] for d in find(date_from="2025-03-01", date_to="2025-03-31")["items"]] == [other_id]
    first, second = find(issuer="tan hiep", per_page=1, page=1), find(issuer="tan hiep", per_page=1, page=2)
    assert first["total"] == second["total"] >= 2 and first["items"][0]["id"] != second["items"][0]["id"]
    assert httpx.get(server.url + "/documents", params={"date_from": "15/01/2025"}).status_code == 422


def test_a_persons_correction_keeps_the_machines_reading(server, tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(PLAN_TXT.replace("ngày 15 tháng 01", "ngày    tháng 01"), encoding="utf-8")  # day left blank
    doc_id = server.upload(path).json()["id"]
    v = server.wait(doc_id)
    assert v["metadata"]["date"] is None
    assert server.patch(doc_id, {"date": "2025-01-16"}, token=None).status_code == 401
    assert server.patch(doc_id, {"date": "2025-01-16"}, token="wrong-token-wrong-token").status_code == 401
    assert server.patch(doc_id, {"date": "16/01/2025"}).status_code == 422
    assert server.patch(doc_id, {"colour": "red"}).status_code == 422
    r = server.patch(doc_id, {"date": "2025-01-16", "signer.name": "Lê Văn Tâm"})
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["metadata"]["date"] == "2025-01-16" and v["metadata"]["signer"]["name"] == "Lê Văn Tâm"
    assert v["document"]["metadata"]["date"] is None  # what the machine read stays
    assert v["document"]["metadata"]["signer"]["name"] == "Lê Văn Tám"
    hist = {c["field"]: c for c in v["corrections"]}
    assert hist["date"]["before"] is None and hist["date"]["after"] == "2025-01-16" and hist["date"]["who"] == "lan"
    assert hist["signer.name"]["before"] == "Lê Văn Tám"
    exported = httpx.get(f"{server.url}/documents/{doc_id}/export.json").json()
    assert exported["metadata"]["date"] == "2025-01-16"
    from lxml import etree

    record = etree.fromstring(httpx.get(f"{server.url}/documents/{doc_id}/archive.xml").content)
    assert record.findtext("issuedDate") == "16/01/2025" and record.findtext("codeNumber") == "31"
    assert [d["id"] for d in httpx.get(server.url + "/documents",
                                       params={"date_from": "2025-01-16", "date_to": "2025-01-16"}).json()["items"]] \
        == [doc_id]


def test_bad_uploads_get_4xx_with_the_clis_message_never_500(server, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert server.upload(empty).status_code == 422
    doc = tmp_path / "letter.docx"
    doc.write_bytes(b"PK\x03\x04 not a scan")
    r = server.upload(doc)
    assert r.status_code == 415 and "letter.docx" in r.json()["detail"]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n%broken beyond repair")
    r = server.upload(broken)
    assert r.status_code in (202, 422), r.text
    if r.status_code == 202:  # poppler counted it: the failure is the document's, with the CLI's message
        v = server.wait(r.json()["id"])
        assert v["status"] == "failed" and "broken.pdf" in (v["error"] or "") or v["error"]
    assert server.upload(empty, token=None).status_code == 401
    assert httpx.get(server.url + "/documents/" + "0" * 64).status_code == 404
    assert httpx.get(server.url + "/documents/nonsense").status_code == 404


def test_openapi_and_docs_are_served(server):
    spec = httpx.get(server.url + "/openapi.json").json()
    assert {"/documents", "/documents/{doc_id}", "/documents/{doc_id}/metadata"} <= set(spec["paths"])
    assert httpx.get(server.url + "/docs").status_code == 200


def test_a_restart_loses_nothing(tmp_path):
    """Stop the service while a scan is being read; started again, it finishes it."""
    srv = Server(tmp_path / "data").start()
    pages, _ = scan_document(plan_fixtures()["danang-sgddt-cong-van"]["layout"], "office", seed=4)
    pdf = tmp_path / "cv.pdf"
    save_pdf(pages, pdf)
    doc_id = srv.upload(pdf).json()["id"]
    deadline = time.monotonic() + 30
    while httpx.get(f"{srv.url}/documents/{doc_id}").json()["status"] != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert httpx.get(f"{srv.url}/documents/{doc_id}").json()["status"] == "running"  # stopped mid-work
    srv.stop()
    srv2 = Server(tmp_path / "data")
    srv2.port, srv2.url = srv.port, srv.url
    srv2.start()
    try:
        v = srv2.wait(doc_id)
        assert v["status"] == "done" and v["pages_done"] == v["pages_total"] == len(pages)
        assert v["document"]["metadata"]["number"] and v["document"]["text"]
    finally:
        srv2.stop()


def test_fifty_uploads_at_once_none_lost_or_duplicated(server, tmp_path):
    docs = []
    for i in range(50):
        p = tmp_path / f"load-{i:02d}.txt"
        p.write_text(PLAN_TXT.replace("31/KH-UBND", f"{100 + i}/KH-UBND").replace("năm 2025\nI.", f"năm 2025 lần {i}\nI."),
                     encoding="utf-8")
        docs.append(p)
    run = load(server, docs, clients=5, timeout=300)
    ids, results, latencies = run["ids"], run["results"], run["latencies"]
    assert not run["errors"], run["errors"]
    # the same files again from another client: the same ids, no new documents
    for p in docs[:5]:
        assert server.upload(p).json()["id"] == ids[p.name]
    assert len(set(ids.values())) == 50
    assert all(r["status"] == "done" for r in results)
    numbers = sorted(r["document"]["metadata"]["number"] for r in results)
    assert numbers == sorted(f"{100 + i}/KH-UBND" for i in range(50))
    listed = httpx.get(server.url + "/documents", params={"q": "lần", "per_page": 200}).json()
    assert listed["total"] == 50
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"GET /documents/{{id}} while 50 uploads ran: {len(latencies)} requests, p95 {p95 * 1000:.0f} ms")
    assert p95 < 2.0


# ------------------------------------------------------------------ PostgreSQL


def _pg_bin() -> Path | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "initdb").exists():
            return d
    return None


@pytest.fixture(scope="module")
def postgres():
    """A throw-away PostgreSQL cluster on 127.0.0.1 in a temp folder (Debian's postgresql package)."""
    bindir = _pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: scripts/test.sh installs it (apt-get install postgresql)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    import tempfile

    # not under pytest's folder: the postgres user may not enter it (mode 0700, owned by root)
    base = Path(tempfile.mkdtemp(prefix="sohoa-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                              "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"), "-o",
                              f"-p {port} -k {sock} -h 127.0.0.1", "start"], check=True, capture_output=True)
    subprocess.run(as_user + [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                              "sohoa"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/sohoa"
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_postgresql_storage_search_and_corrections(postgres, tmp_path):
    srv = Server(tmp_path / "data", "--db", postgres).start()
    try:
        path = tmp_path / "pg.txt"
        path.write_text(PLAN_TXT, encoding="utf-8")
        doc_id = srv.upload(path).json()["id"]
        assert srv.wait(doc_id)["status"] == "done"
        assert [d["id"] for d in httpx.get(srv.url + "/documents", params={"q": "ke hoach tet trong cay"})
                .json()["items"]] == [doc_id]
        assert httpx.get(srv.url + "/documents", params={"q": "nghi quyet"}).json()["total"] == 0
        r = srv.patch(doc_id, {"date": "2025-01-20"})
        assert r.status_code == 200 and r.json()["metadata"]["date"] == "2025-01-20"
    finally:
        srv.stop()
    # the data is in PostgreSQL, not in the service: a new service on another data folder sees it
    srv = Server(tmp_path / "data2", "--db", postgres).start()
    try:
        v = httpx.get(f"{srv.url}/documents/{doc_id}").json()
        assert v["metadata"]["date"] == "2025-01-20" and v["corrections"][0]["who"] == "lan"
    finally:
        srv.stop()


# ------------------------------------------------------------------ the review page in Chromium


def test_review_page_in_headless_chromium(server, tmp_path):
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are not installed: scripts/test.sh installs them")
        pytest.skip("apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    pages, _ = scan_document(plan_fixtures()["cantho-stp-pho-bien-phap-luat"]["layout"], "office", seed=8)
    pdf = tmp_path / "review-me.pdf"
    save_pdf(pages[:1], pdf)
    doc_id = server.upload(pdf).json()["id"]
    v = server.wait(doc_id)
    assert v["status"] == "done"
    if not v["needs_review"]:  # make sure it is on the list: a person must look at an unread date
        server.patch(doc_id, {"date": None})
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path / 'chrome'}"):
        opts.add_argument(arg)
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download anything
    browser = webdriver.Chrome(service=Service(driver), options=opts)
    try:
        wait = WebDriverWait(browser, 30)
        browser.get(server.url + "/review?all=true")
        browser.find_element(By.LINK_TEXT, "review-me.pdf").click()
        wait.until(EC.presence_of_element_located((By.ID, "f-date")))
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".page .w")) > 50)  # word boxes drawn
        date = browser.find_element(By.ID, "f-date")
        date.clear()
        date.send_keys("2024-05-17")
        browser.find_element(By.ID, "token").send_keys(TOKEN)
        browser.find_element(By.ID, "save").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "status"), "Đã lưu"))
        assert "2024-05-17" in browser.find_element(By.ID, "history").text
        browser.refresh()
        assert wait.until(EC.presence_of_element_located((By.ID, "f-date"))).get_attribute("value") == "2024-05-17"
    finally:
        browser.quit()
    v = httpx.get(f"{server.url}/documents/{doc_id}").json()
    assert v["metadata"]["date"] == "2024-05-17" and v["corrections"][-1]["who"] == "lan"


@pytest.mark.slow
def test_the_work_runs_on_a_dask_cluster(tmp_path):
    """`sohoa serve --scheduler ADDR`: the documents are read by the cluster's workers."""
    from cluster import local_cluster

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    with local_cluster(env, workers=2) as addr:
        srv = Server(tmp_path / "data", "--scheduler", addr).start()
        try:
            ids = []
            for i in range(4):
                p = tmp_path / f"d{i}.txt"
                p.write_text(PLAN_TXT.replace("31/KH-UBND", f"{40 + i}/KH-UBND"), encoding="utf-8")
                ids.append(srv.upload(p).json()["id"])
            results = [srv.wait(i, timeout=240) for i in ids]
            assert [r["status"] for r in results] == ["done"] * 4
            assert sorted(r["metadata"]["number"] for r in results) == [f"{40 + i}/KH-UBND" for i in range(4)]
        finally:
            srv.stop()
