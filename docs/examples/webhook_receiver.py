#!/usr/bin/env python3
"""A minimal LedgerLens webhook receiver: verifies the signature, refuses stale timestamps, and processes each
delivery once however many times it arrives (deliveries are at least once; the Idempotency-Key is stable).

    WEBHOOK_SECRET=whsec_... python3 docs/examples/webhook_receiver.py 9000

Prints one line per request. Keeps seen keys in memory only: a real receiver stores them with its own data.
"""
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["WEBHOOK_SECRET"].encode()
TOLERANCE_SECONDS = 300
seen = set()


def verify(header, body):
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t, v1 = parts.get("t"), parts.get("v1")
    if t is None or v1 is None or not t.isdigit():
        return False
    if abs(time.time() - int(t)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(SECRET, t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, v1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verify(self.headers.get("LedgerLens-Signature", ""), body):
            self.send_response(401)
            self.end_headers()
            print("refused: bad signature", flush=True)
            return
        key = self.headers["Idempotency-Key"]
        if key in seen:
            print("duplicate", key, "(already processed; answered 200)", flush=True)
        else:
            seen.add(key)
            event = json.loads(body)
            print("event", key, event["type"], event["subject"], flush=True)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 9000), Handler).serve_forever()
