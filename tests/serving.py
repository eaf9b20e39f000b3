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


