#!/usr/bin/env python3
"""A stand-in for Vast's instance API, for the image boot checks: GET /api/v0/instances/<id>/ describes the
instance (dph_total, start_date), PUT with {"state": "stopped"} answers {"success": true}. Every request is
appended to RECORD_FILE as one JSON line (time, method, path, headers, body), so the checks can read the exact
stop request. It stops nothing: the box keeps running.

Usage: vast-standin.py PORT RECORD_FILE   (listens on 127.0.0.1 only)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START = time.time()


class Handler(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        with open(self.server.record_file, "a", encoding="utf-8") as f:
            f.write(json.dumps({"time": time.time(), "method": self.command, "path": self.path,
                                "headers": dict(self.headers), "body": body}) + "\n")
        return body

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._record()
        self._answer(200, {"instances": {"id": 4242, "actual_status": "running", "dph_total": 0.452,
                                         "start_date": START}})

    def do_PUT(self):
        body = self._record()
        ok = self.headers.get("Authorization", "").startswith("Bearer ")
        try:
            state = json.loads(body).get("state")
        except ValueError:
            state = None
        if ok and state == "stopped":
            self._answer(200, {"success": True})
        else:
            self._answer(400 if ok else 401, {"success": False, "msg": "bad request"})

    def log_message(self, fmt, *args):
        sys.stderr.write("vast-standin: " + fmt % args + "\n")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.record_file = sys.argv[2]
    server.serve_forever()


if __name__ == "__main__":
    main()
