"""``sohoa serve``: an HTTP service on the same engine as ``run`` and ``batch`` (see app.py)."""
from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, data_dir: Path, db_url: str | None, token_file: Path | None, workers: int,
          scheduler: str | None, options, max_upload_mb: int, open_reads: bool | None = None,
          archive: Path | None = None) -> int:
    """Run the service until interrupted (uvicorn)."""
    import uvicorn

    from ..archive import load_fonds
    from .app import Settings, create_app, make_token_file, read_tokens
    from .db import default_url

    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if token_file is None:
        token_file = make_token_file(data_dir)
        log.warning("no --token-file: writes need the token in %s", token_file)
    settings = Settings(data_dir=data_dir, db_url=db_url or default_url(data_dir), tokens=read_tokens(token_file),
                        host=host, workers=workers, scheduler=scheduler, options=options,
                        max_upload_bytes=max_upload_mb * 1024 * 1024,
                        open_reads=is_loopback(host) if open_reads is None else open_reads,
                        fonds=load_fonds(archive) if archive is not None else None)
    app = create_app(settings)
    log.warning("sohoa serve on http://%s:%d (docs at /docs, review at /review); database %s",
                host, port, settings.db_url.split("@")[-1])
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    return 0
