"""Support for the browser tests: the browser's flags and a built site served on loopback. (The browser
itself is found by macros.charts.images.find_browser, as the build finds it for the chart images.)"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from pathlib import Path

# Without these flags, Chromium tries to reach Google's services at start-up.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1 in a background thread, as GitHub Pages would serve the site."""

    def __init__(self, root: Path, port: int):
        handler = functools.partial(QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{port}/"
        self.root = root
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
