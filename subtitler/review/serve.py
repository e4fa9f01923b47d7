"""Running the review app under uvicorn on a socket we bind ourselves (so the
address, with a free port when none is asked for, is known before the
server starts), and opening the browser once it listens."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import Any

from ..errors import UsageError

DEFAULT_HOST = "127.0.0.1"


def check_host(host: str) -> str:
    """``host`` as an address to listen on: one interface, never all of them."""
    if host == "localhost":
        return DEFAULT_HOST
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise UsageError(f"--host {host}: give an IP address, e.g. 127.0.0.1") from None
    if addr.is_unspecified:
        raise UsageError(f"--host {host} would listen on every network: give one address")
    return str(addr)


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({err.strerror or err}): "
                         "choose another --port, or leave it out for a free one") from None
    sock.listen(128)
    return sock


def url_of(sock: socket.socket, token: str) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def run(app: Any, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve ``app`` on ``sock`` until Ctrl-C (or SIGTERM); ``on_ready`` is
    called from another thread once the server accepts requests."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)

    def wait() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.02)
        if server.started:
            on_ready()

    threading.Thread(target=wait, daemon=True).start()
    server.run(sockets=[sock])


def open_browser(url: str) -> bool:
    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False
