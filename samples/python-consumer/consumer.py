#!/usr/bin/env python3
"""A HarombeActors consumer in plain Python (standard library only), over the front door's HTTP/JSON routes.

It reads the credential it should use, heartbeats the version in use (at once after every change, then every few
seconds: the acknowledgement a dual-write rotation waits for), follows the notice stream and reads again whenever a
notice or a heartbeat's answer says something changed. Each change prints one line, never the value:

    in use v2; valid v1,v2

Usage:
    python3 consumer.py --url http://127.0.0.1:4054 --path /secrets/db/password --consumer-id py-1 \
        (--token TOKEN | --token-file data/consumer.token) [--ca-file ca.pem] [--role client|resource] [--heartbeat-seconds 5]

HAROMBE_CONSUMER_TOKEN is read when neither --token nor --token-file is given. While a host is unreachable the last
values stay in use and the consumer retries with exponential backoff.
"""
import argparse
import json
import os
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class Consumer:
    def __init__(self, url, path, consumer_id, token, role, heartbeat_seconds, ca_file):
        self.base = url.rstrip("/")
        self.path = urllib.parse.quote(path.lstrip("/"), safe="/")
        self.consumer_id = consumer_id
        self.role = role
        self.heartbeat_seconds = heartbeat_seconds
        self.headers = {"authorization": "Bearer " + token, "content-type": "application/json"}
        self.context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self.lock = threading.Lock()
        self.version = None      # the version in use
        self.valid = {}          # every valid version -> value (what a resource accepts)
        self.stop = threading.Event()

    # --- HTTP -----------------------------------------------------------------------------------------------
    def request(self, method, route, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + route, data=data, method=method, headers=self.headers)
        return urllib.request.urlopen(req, timeout=timeout, context=self.context)

    def call(self, method, route, body=None):
        try:
            with self.request(method, route, body) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            # The API's errors are JSON: {"code": ..., "message": "...", "details": [...]}.
            try:
                message = json.loads(error.read()).get("message", error.reason)
            except ValueError:
                message = error.reason
            raise RuntimeError(f"HTTP {error.code}: {message}") from None

    # --- the protocol ---------------------------------------------------------------------------------------
    def refresh(self):
        """Reads the valid credentials, takes the one to use, and heartbeats at once when it changed."""
        with self.lock:
            credentials = self.call("GET", f"/v1/credentials/{self.path}")
            valid = {v["version"]: v["value"] for v in credentials.get("valid", [])}
            target = max(valid) if self.role == "resource" else credentials["preferredVersion"]
            changed = target != self.version or sorted(valid) != sorted(self.valid)
            self.version, self.valid = target, valid
            if changed:
                print(f"in use v{target}; valid {','.join('v' + str(v) for v in sorted(valid))}", flush=True)
                self.heartbeat()

    def heartbeat(self):
        """Says which version is in use; the answer says what to use now (a lost notice costs one interval)."""
        if self.version is None:
            return None
        return self.call("POST", f"/v1/credentials/{self.path}:heartbeat",
                         {"consumerId": self.consumer_id, "version": self.version, "role": self.role})

    def differs(self, preferred, valid_versions):
        wanted = max(valid_versions) if self.role == "resource" and valid_versions else preferred
        return wanted != self.version or sorted(valid_versions) != sorted(self.valid)

    def watch(self):
        """Follows the notice stream: one JSON object per line, the current state first."""
        query = urllib.parse.urlencode({"consumerId": self.consumer_id, "role": self.role})
        with self.request("GET", f"/v1/credentials/{self.path}:watch?{query}", timeout=90) as stream:
            for line in stream:
                if self.stop.is_set():
                    return
                line = line.strip()
                if not line:
                    continue
                notice = json.loads(line)
                if self.differs(notice.get("preferredVersion"), notice.get("validVersions", [])):
                    self.refresh()
        raise RuntimeError("the notice stream ended")

    def beat_forever(self):
        while not self.stop.wait(self.heartbeat_seconds):
            try:
                reply = self.heartbeat()
                if reply and self.differs(reply.get("preferredVersion"), reply.get("validVersions", [])):
                    self.refresh()
            except (RuntimeError, OSError) as error:
                print(f"heartbeat failed ({error}); serving the last known value", file=sys.stderr, flush=True)

    def run(self):
        threading.Thread(target=self.beat_forever, daemon=True).start()
        backoff = 0.2
        while not self.stop.is_set():
            try:
                self.refresh()
                backoff = 0.2
                self.watch()
            except (RuntimeError, OSError, ValueError) as error:
                print(f"{error}; serving the last known value, retrying in {backoff:.1f} s", file=sys.stderr, flush=True)
                self.stop.wait(backoff)
                backoff = min(backoff * 2, 30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:4054", help="a host's front door")
    parser.add_argument("--path", required=True)
    parser.add_argument("--consumer-id", required=True)
    parser.add_argument("--token")
    parser.add_argument("--token-file")
    parser.add_argument("--ca-file", help="PEM of a private CA to trust for https")
    parser.add_argument("--role", choices=["client", "resource"], default="client")
    parser.add_argument("--heartbeat-seconds", type=float, default=5)
    args = parser.parse_args()
    token = args.token or (open(args.token_file).read().strip() if args.token_file else os.environ.get("HAROMBE_CONSUMER_TOKEN"))
    if not token:
        parser.error("a consumer token: --token, --token-file or HAROMBE_CONSUMER_TOKEN")
    consumer = Consumer(args.url, args.path, args.consumer_id, token, args.role, args.heartbeat_seconds, args.ca_file)
    try:
        consumer.run()
    except KeyboardInterrupt:
        consumer.stop.set()


if __name__ == "__main__":
    main()
