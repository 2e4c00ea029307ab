#!/usr/bin/env python3
"""The baseline a user would write for the engine's sync benchmark, with the
Python 3 standard library only: HeadshotPro organization favorites -> download
the main image -> upload to a Shootbin album, 8 threads, each thread keeping
one keep-alive http.client connection to the mock (the same host serves the
API, the CDN and the upload). No state, no retries, no duplicate protection.

Usage: keepalive_baseline.py --mock http://127.0.0.1:PORT [--threads 8] [--page-size 200]
Prints one JSON line: {"records": N, "seconds": S, "records_per_second": R, "bytes": B}.
"""
import argparse
import concurrent.futures
import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid

TOKEN = "mock-token"
LOCAL = threading.local()


def connection(netloc):
    """This thread's keep-alive connection to `netloc`."""
    conns = getattr(LOCAL, "conns", None)
    if conns is None:
        conns = LOCAL.conns = {}
    conn = conns.get(netloc)
    if conn is None:
        conn = conns[netloc] = http.client.HTTPConnection(netloc, timeout=60)
    return conn


def request(method, url, body=None, headers=None):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    conn = connection(parts.netloc)
    conn.request(method, target, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 400:
        raise RuntimeError("%s %s: HTTP %d %s" % (method, url, response.status, data[:200]))
    return data


def upload(base, project, album, photo_id, title, data):
    boundary = uuid.uuid4().hex
    head = b"".join(
        ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode()
        for name, value in (("title", title), ("client_original_filename", "baseline-%s.jpg" % photo_id)))
    body = b"".join([head,
                     ("--%s\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.jpg\"\r\n"
                      "Content-Type: image/jpeg\r\n\r\n" % boundary).encode(),
                     data, ("\r\n--%s--\r\n" % boundary).encode()])
    return json.loads(request("POST", "%s/shootbin/api/projects/%d/albums/%d/photos" % (base, project, album), body,
                              {"Authorization": "Bearer " + TOKEN,
                               "Content-Type": "multipart/form-data; boundary=" + boundary}))


def sync_one(args, photo):
    data = request("GET", photo["urls"]["main"])
    name = (photo.get("member") or {}).get("name") or "Unknown"
    upload(args.mock, args.project, args.album, photo["id"], name, data)
    return len(data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mock", required=True)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--page-size", type=int, default=200)
    p.add_argument("--project", type=int, default=1)
    p.add_argument("--album", type=int, default=12)
    a = p.parse_args()
    start = time.monotonic()
    done = 0
    total_bytes = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.threads) as pool:
        futures = []
        offset = 0
        while True:
            page = json.loads(request("GET", "%s/headshotpro/organization/photos/favorites?limit=%d&offset=%d&include=main"
                                      % (a.mock, a.page_size, offset), headers={"Authorization": "Bearer " + TOKEN}))
            for photo in page["photos"]:
                futures.append(pool.submit(sync_one, a, photo))
            offset += len(page["photos"])
            if not page["pagination"]["hasMore"]:
                break
        for f in futures:
            total_bytes += f.result()
            done += 1
    seconds = time.monotonic() - start
    print(json.dumps({"records": done, "seconds": round(seconds, 3), "records_per_second": round(done / seconds, 1),
                      "bytes": total_bytes}))


if __name__ == "__main__":
    sys.exit(main())
