"""Running the review app under uvicorn on a socket we bind ourselves (so the
address, with a free port when none is asked for, is known before the
server starts), and opening the browser once it listens.

Where it listens is decided by the address the socket is bound to, not by
how ``--host`` was spelled: the name is resolved (``getaddrinfo``), an
IPv4-mapped IPv6 address is read as the IPv4 address it is
(``::ffff:0.0.0.0`` is ``0.0.0.0``), and the bound socket's own address is
checked again. Every interface (``0.0.0.0``, ``::``) is always refused;
an address other machines can reach needs ``--allow-remote``.

The browser is given a file, not an address: ``OpenFile`` writes a page
only the user can read (mode 0600, in a private temp folder) that sends
the browser to a one-time link, spent on first use and replaced by a new
one; the session's key then lives in the browser's cookie. The browser's
command line holds only the file's path.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import os
import shutil
import socket
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..fsutil import write_bytes_atomic
from .security import OPEN_PATH, Keys

DEFAULT_HOST = "127.0.0.1"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _plain(addr: Address) -> Address:
    """An IPv4-mapped IPv6 address as its IPv4 address."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def judge(addr: Address, host: str, allow_remote: bool) -> None:
    """``UsageError`` unless ``addr`` is one interface of this machine that
    only it can reach (or ``allow_remote``)."""
    addr = _plain(addr)
    if addr.is_unspecified:
        raise UsageError(f"--host {host} would listen on every network ({addr}): give one "
                         "address, e.g. 127.0.0.1")
    if not addr.is_loopback and not allow_remote:
        raise UsageError(f"--host {host} ({addr}) can be reached from other machines: the "
                         "review serves your files; add --allow-remote if that is what you "
                         "want (anyone who reaches it still needs the key)")


def check_host(host: str, allow_remote: bool = False) -> str:
    """The address to listen on for ``--host`` (an address or a name),
    decided by what it resolves to (see the module's docstring)."""
    name = host.strip().strip("[]").split("%")[0]
    if not name:
        raise UsageError("--host is empty: give an address, e.g. 127.0.0.1")
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"--host {host}: not an address or a name this machine knows "
                         "(e.g. 127.0.0.1)") from None
    addrs = [_plain(ipaddress.ip_address(str(info[4][0]).split("%")[0])) for info in infos]
    for addr in addrs:
        judge(addr, host, allow_remote)
    return str(sorted(addrs, key=lambda a: a.version)[0])


def bind(host: str, port: int, allow_remote: bool = False) -> socket.socket:
    """A listening socket on ``host`` (from ``check_host``), its bound address
    checked again."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        with contextlib.suppress(OSError):  # never IPv4 through an IPv6 socket
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    try:
        sock.bind((host, port))
        bound = ipaddress.ip_address(str(sock.getsockname()[0]).split("%")[0])
        judge(bound, host, allow_remote)
    except OSError as err:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({err.strerror or err}): "
                         "choose another --port, or leave it out for a free one") from None
    except UsageError:
        sock.close()
        raise
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    """The server's address (no secret in it)."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class OpenFile:
    """The page that lets the user's browser in: a file only they can read,
    holding a one-time link; a new link is written as soon as one is spent,
    so the file opens the review again (another browser, a lost cookie)."""

    def __init__(self, url: str, keys: Keys) -> None:
        self.url = url
        self.keys = keys
        self.folder = Path(tempfile.mkdtemp(prefix="subtitler-review-"))  # mode 0700
        self.path = self.folder / "open-review.html"
        keys.on_spent = self.write
        self.write()

    def write(self) -> None:
        link = html.escape(f"{self.url.rstrip('/')}{OPEN_PATH}?code={self.keys.new_code()}")
        page = ('<!doctype html><meta charset="utf-8"><meta name="referrer" '
                f'content="no-referrer"><meta http-equiv="refresh" content="0;url={link}">'
                '<title>subtitler review</title><p>Opening the review&hellip; '
                f'<a href="{link}">open it</a> if nothing happens.\n')
        old = os.umask(0o077)
        try:
            write_bytes_atomic(self.path, page.encode("utf-8"))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)

    @property
    def file_url(self) -> str:
        return self.path.as_uri()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


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
