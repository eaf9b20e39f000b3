"""A real Dask cluster on 127.0.0.1 (scheduler + single-threaded workers), for tests and benchmarks."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_cluster(env: dict, workers: int = 2, start_timeout: float = 60):
    """Start `dask scheduler` and ``workers`` `dask worker` processes; yield the scheduler address."""
    port = free_port()
    addr = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--dashboard-address", ":0"], **quiet)]
    for _ in range(workers):
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", addr, "--nthreads", "1",
                                       "--host", "127.0.0.1", "--dashboard-address", ":0", "--death-timeout", "60"],
                                      **quiet))
    try:
        from distributed import Client
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with Client(addr, timeout="5s") as c:
                    if len(c.scheduler_info()["workers"]) >= workers:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the Dask cluster did not start")
            time.sleep(0.5)
        yield addr
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
