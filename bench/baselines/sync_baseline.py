#!/usr/bin/env python3
"""The baseline for the workflow engine benchmark: the same sync as
bench/engine/sync-100k.toml (HeadshotPro organization favorites -> download
the main image -> upload to a Shootbin album), written the straightforward
way with the Python 3 standard library only: urllib + json, 8 threads.

Usage: sync_baseline.py --mock http://127.0.0.1:PORT [--threads 8] [--sink shootbin|files --out DIR]
Prints one JSON line: {"records": N, "seconds": S, "records_per_second": R}.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import sys
import threading
import time
import urllib.request
import uuid

TOKEN = "mock-token"
MANIFEST_LOCK = threading.Lock()


def get_json(url):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def download(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def upload(base, project, album, photo_id, title, data):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in (("title", title), ("client_original_filename", "baseline-%s.jpg" % photo_id)):
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.jpg\"\r\n"
                  "Content-Type: image/jpeg\r\n\r\n" % boundary).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    body = b"".join(parts)
    req = urllib.request.Request(
        "%s/shootbin/api/projects/%d/albums/%d/photos" % (base, project, album), data=body, method="POST",
        headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "multipart/form-data; boundary=" + boundary})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def sync_one(args, photo):
    data = download(photo["urls"]["main"])
    if args.sink == "files":
        # Same contract as the engine's files sink: temp file + rename, one manifest line.
        path = os.path.join(args.out, photo["id"] + ".jpg")
        tmp = path + ".tmp-%d" % threading.get_ident()
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        line = json.dumps({"path": photo["id"] + ".jpg", "bytes": len(data),
                           "sha256": hashlib.sha256(data).hexdigest()}) + "\n"
        with MANIFEST_LOCK, open(os.path.join(args.out, "manifest.jsonl"), "a") as m:
            m.write(line)
        return
    name = (photo.get("member") or {}).get("name") or "Unknown"
    upload(args.mock, args.project, args.album, photo["id"], name, data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mock", required=True)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--page-size", type=int, default=200)
    p.add_argument("--project", type=int, default=1)
    p.add_argument("--album", type=int, default=12)
    p.add_argument("--sink", choices=["shootbin", "files"], default="shootbin")
    p.add_argument("--out", default="baseline-out")
    a = p.parse_args()
    if a.sink == "files":
        os.makedirs(a.out, exist_ok=True)
    start = time.monotonic()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.threads) as pool:
        futures = []
        offset = 0
        while True:
            page = get_json("%s/headshotpro/organization/photos/favorites?limit=%d&offset=%d&include=main"
                            % (a.mock, a.page_size, offset))
            for photo in page["photos"]:
                futures.append(pool.submit(sync_one, a, photo))
            offset += len(page["photos"])
            if not page["pagination"]["hasMore"]:
                break
        for f in futures:
            f.result()
            done += 1
    seconds = time.monotonic() - start
    print(json.dumps({"records": done, "seconds": round(seconds, 3), "records_per_second": round(done / seconds, 1)}))


if __name__ == "__main__":
    sys.exit(main())
