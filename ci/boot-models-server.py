#!/usr/bin/env python3
"""The fixture's model mirror for the CI boot: serves a folder on 127.0.0.1:PORT with HEAD, Range requests
and a per-connection speed cap, so that the booted launcher's download step lasts long enough for the
checks that run while it holds the workspace (ci/image-boot.sh runs this inside the container's network
namespace). Stops by itself after --lifetime seconds.

Usage: boot-models-server.py DIR PORT [--rate BYTES_PER_SECOND, all connections together] [--lifetime SECONDS]
"""
import argparse
import http.server
import mimetypes
import os
import re
import threading
import time


class Budget:
    """One byte budget for every connection: the launcher's parallel and segmented downloads cannot make the
    download step shorter than the checks that run against the window's run expect."""

    lock = threading.Lock()
    next_free = 0.0

    @classmethod
    def pace(cls, n, rate):
        with cls.lock:
            now = time.monotonic()
            cls.next_free = max(now, cls.next_free) + n / rate
            wait = cls.next_free - now
        time.sleep(wait)


class Handler(http.server.BaseHTTPRequestHandler):
    root = "."
    rate = 0

    def _file(self):
        path = os.path.realpath(os.path.join(self.root, self.path.split("?")[0].lstrip("/")))
        if not path.startswith(os.path.realpath(self.root) + os.sep) or not os.path.isfile(path):
            self.send_error(404)
            return None
        return path

    def do_HEAD(self):
        path = self._file()
        if path:
            self.send_response(200)
            self.send_header("Content-Length", str(os.path.getsize(path)))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()

    def do_GET(self):
        path = self._file()
        if not path:
            return
        size = os.path.getsize(path)
        start, end = 0, size
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if match and int(match.group(1)) < size:
            start = int(match.group(1))
            end = min(size, int(match.group(2)) + 1) if match.group(2) else size
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        else:
            self.send_response(200)
        # As PyPI's files are served: pip keeps them in its HTTP cache (PIP_CACHE_DIR).
        self.send_header("Cache-Control", "max-age=365000000, immutable, public")
        self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        self.end_headers()
        chunk = 16 * 1024
        try:
            with open(path, "rb") as f:
                f.seek(start)
                remaining = end - start
                while remaining > 0:
                    data = f.read(min(chunk, remaining))
                    self.wfile.write(data)
                    remaining -= len(data)
                    if self.rate:
                        Budget.pace(len(data), self.rate)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the launcher was killed mid-download: the CI boot does that on purpose


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("port", type=int)
    parser.add_argument("--rate", type=int, default=0)
    parser.add_argument("--lifetime", type=int, default=1800)
    args = parser.parse_args()
    handler = type("Mirror", (Handler,), {"root": args.dir, "rate": args.rate})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Timer(args.lifetime, server.shutdown).start()
    print(f"models server: {args.dir} on 127.0.0.1:{args.port}, {args.rate or 'unlimited'} B/s for all connections together", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
