"""A `sohoa serve` process on 127.0.0.1 for the tests and the service benchmark."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "clerk-lan-0123456789abcdef"
PLAN_TXT = """ỦY BAN NHÂN DÂN
XÃ TÂN HIỆP
Số: 31/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Hiệp, ngày 15 tháng 01 năm 2025
KẾ HOẠCH
Tổ chức Tết trồng cây đời đời nhớ ơn Bác Hồ năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Phát động phong trào trồng cây xanh trên địa bàn xã.
II. THỜI GIAN, ĐỊA ĐIỂM
Thời gian: 7 giờ 30 ngày 05 tháng 02 năm 2025.
III. TỔ CHỨC THỰC HIỆN
Giao Văn phòng UBND xã chủ trì, phối hợp các đoàn thể thực hiện.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, *extra: str) -> None:
        self.data, self.extra = data, extra
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        tokens = data.parent / f"{data.name}.tokens"
        tokens.write_text(f"lan {TOKEN}\n", encoding="utf-8")
        self.token_file = tokens

    def start(self) -> "Server":
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.log = open(self.data.parent / f"{self.data.name}.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", str(self.port),
                                      "--data", str(self.data), "--token-file", str(self.token_file),
                                      "--workers", "2", *self.extra], env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError("the service did not start: " + Path(self.log.name).read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()

    def upload(self, path: Path, token: str | None = TOKEN) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with open(path, "rb") as f:
            return httpx.post(self.url + "/documents", files={"file": (path.name, f)}, headers=headers, timeout=60)

    def wait(self, doc_id: str, timeout: float = 180) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = httpx.get(f"{self.url}/documents/{doc_id}", timeout=10).json()
            if v["status"] in ("done", "failed"):
                return v
            time.sleep(0.3)
        raise AssertionError(f"{doc_id} not finished: {v}")

    def patch(self, doc_id: str, changes: dict, token: str | None = TOKEN) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.patch(f"{self.url}/documents/{doc_id}/metadata", json=changes, headers=headers, timeout=30)




def load(server: "Server", files: list[Path], clients: int, timeout: float = 600) -> dict:
    """Upload ``files`` at once from ``clients`` threads while another client keeps asking for the
    status of the latest document; wait for every document. Returns the ids by file name, the
    finished documents, the GET latencies (sorted, seconds) and the upload and total times."""
    import threading

    ids: dict[str, str] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[str] = []

    def client(chunk: list[Path]) -> None:
        with httpx.Client(timeout=120) as c:
            for p in chunk:
                with open(p, "rb") as f:
                    r = c.post(server.url + "/documents", files={"file": (p.name, f)},
                               headers={"Authorization": f"Bearer {TOKEN}"})
                if r.status_code != 202:
                    errors.append(f"{p.name}: {r.status_code} {r.text}")
                    continue
                with lock:
                    ids[p.name] = r.json()["id"]

    def poller() -> None:
        with httpx.Client(timeout=30) as c:
            while not stop.is_set():
                with lock:
                    latest = list(ids.values())[-1:]
                if latest:
                    t = time.perf_counter()
                    if c.get(f"{server.url}/documents/{latest[0]}").status_code != 200:
                        errors.append("GET failed")
                    latencies.append(time.perf_counter() - t)
                time.sleep(0.02)

    t0 = time.perf_counter()
    watch = threading.Thread(target=poller)
    watch.start()
    threads = [threading.Thread(target=client, args=(files[k::clients],)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    uploaded = time.perf_counter() - t0
    try:
        results = [server.wait(i, timeout=timeout) for i in ids.values()]
    finally:
        stop.set()
        watch.join()
    return {"ids": ids, "results": results, "latencies": sorted(latencies), "errors": errors,
            "uploaded_s": uploaded, "finished_s": time.perf_counter() - t0}
