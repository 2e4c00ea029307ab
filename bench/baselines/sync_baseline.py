#!/usr/bin/env python3
"""The baseline for the workflow engine benchmark: the same sync as
bench/engine/sync-100k.toml (HeadshotPro organization favorites -> download
the main image -> upload to a Shootbin album), written the straightforward
way with the Python 3 standard library only: urllib + json, 8 threads.

Usage: sync_baseline.py --mock http://127.0.0.1:PORT [--threads 8]
Prints one JSON line: {"records": N, "seconds": S, "records_per_second": R}.
"""
import argparse
import concurrent.futures
import json
import sys
import time
import urllib.request
import uuid

TOKEN = "mock-token"


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


def sync_one(base, project, album, photo):
    data = download(photo["urls"]["main"])
    name = (photo.get("member") or {}).get("name") or "Unknown"
    upload(base, project, album, photo["id"], name, data)


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
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.threads) as pool:
        futures = []
        offset = 0
        while True:
            page = get_json("%s/headshotpro/organization/photos/favorites?limit=%d&offset=%d&include=main"
                            % (a.mock, a.page_size, offset))
            for photo in page["photos"]:
                futures.append(pool.submit(sync_one, a.mock, a.project, a.album, photo))
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
