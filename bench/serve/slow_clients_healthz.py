#!/usr/bin/env python3
"""How long /healthz takes while N clients hold half a request header.

Starts `photobridge serve` on a temporary folder with one webhook workflow
(a Snapbar -> Shootbin sync that is never triggered), opens N connections
that send half a request header and then wait, as anyone on the network
could, and times GET /healthz from a fresh connection (as a monitor does),
R times. The same with no slow client first, in the same run, as the
baseline. Then, if wrk is installed, /healthz throughput with 8 keep-alive
connections and no slow client.

    bench/serve/slow_clients_healthz.py --photobridge build-release/bin/photobridge [--clients 200] [--rounds 5]

Prints one JSON object. A /healthz that does not answer within --give-up
seconds counts as that many seconds.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

WORKFLOW = """[workflow]
name = "hooked"

[connections.snapbar]
plugin = "snapbar"
base_url = "http://127.0.0.1:1/snapbar"
token = "t"
webhook_secret = "whsec-bench"

[connections.sb]
plugin = "shootbin"
base_url = "http://127.0.0.1:1/shootbin"
token = "t"

[source]
connection = "snapbar"
stream = "submissions"

[[steps]]
id = "photo"
use = "download"
variant = "Portrait - Standard Edit"

[[sinks]]
id = "album"
connection = "sb"
action = "upload_photo"
after = "photo"
params = { project = 1, album = 12, title = "x", client_original_filename = "{id}.jpg" }

[trigger]
webhook = "snapbar"
"""

HALF_HEADER = b"POST /hooks/hooked HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"


def healthz_seconds(port, give_up):
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=give_up) as s:
            s.settimeout(give_up)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            reply = b""
            while b"\r\n\r\n" not in reply:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
            if not reply.startswith(b"HTTP/1.1 "):
                return give_up, "no answer"
            return time.monotonic() - start, reply.split(b"\r\n", 1)[0].decode()
    except OSError as e:
        return give_up, type(e).__name__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photobridge", required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--give-up", type=float, default=10.0)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="pb-slow-clients-")
    workflows = os.path.join(folder, "workflows")
    os.mkdir(workflows)
    with open(os.path.join(workflows, "hooked.toml"), "w") as f:
        f.write(WORKFLOW)
    serve = subprocess.Popen([args.photobridge, "serve", workflows, "--listen", "127.0.0.1:0",
                              "--state", os.path.join(folder, "state.db")],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    result = {"clients": args.clients, "rounds": args.rounds}
    slow = []
    try:
        line = serve.stdout.readline()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not match:
            sys.exit("serve did not start: " + line)
        port = int(match.group(1))

        quiet = [healthz_seconds(port, args.give_up) for _ in range(args.rounds)]
        result["healthz_ms_median_no_slow_clients"] = round(statistics.median(t for t, _ in quiet) * 1000, 2)

        for _ in range(args.clients):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(HALF_HEADER)
            slow.append(s)
        time.sleep(0.2)
        busy = [healthz_seconds(port, args.give_up) for _ in range(args.rounds)]
        result["healthz_ms_median_with_slow_clients"] = round(statistics.median(t for t, _ in busy) * 1000, 2)
        result["healthz_answers_with_slow_clients"] = [status for _, status in busy]
        for s in slow:
            s.close()
        slow = []

        if shutil.which("wrk"):
            time.sleep(0.5)
            out = subprocess.run(["wrk", "-t", "2", "-c", "8", "-d", "5s", f"http://127.0.0.1:{port}/healthz"],
                                 capture_output=True, text=True).stdout
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
            result["healthz_requests_per_s_8_keepalive"] = float(rate.group(1)) if rate else None
    finally:
        for s in slow:
            s.close()
        serve.terminate()
        try:
            serve.wait(timeout=20)
        except subprocess.TimeoutExpired:
            serve.kill()
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
