#!/usr/bin/env python3
"""Why the ledger is a rowid table and why wal_autocheckpoint is 10,000.

Replays a first run's ledger traffic (100,000 records in pages of 200: a
pending mark for the page, then a done mark with a result id) and a
re-run's lookups (one IN (...) query per page) against two layouts of the
ledger, with SQLite's default WAL checkpoint interval (1,000 pages) and with
10,000 pages, through Python's sqlite3 module (the same libsqlite3 as the
host). Prints CPU and wall seconds per phase. The figures are in
bench/RESULTS.md, "State store".

    python3 bench/state/ledger_layout_experiment.py [FOLDER]
"""
import hashlib
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

N = 100_000
PAGE = 200

LAYOUTS = {
    "keyed WITHOUT ROWID": (
        "CREATE TABLE ledger (workflow TEXT, sink TEXT, key TEXT, content_hash TEXT, status TEXT,"
        " result_id TEXT, updated_at TEXT, PRIMARY KEY (workflow, sink, key)) WITHOUT ROWID",
    ),
    "rowid + unique index": (
        "CREATE TABLE ledger (id INTEGER PRIMARY KEY, workflow TEXT, sink TEXT, key TEXT, content_hash TEXT,"
        " status TEXT, result_id TEXT, updated_at TEXT)",
        "CREATE UNIQUE INDEX ledger_by_key ON ledger (workflow, sink, key)",
    ),
}

UPSERT = (
    "INSERT INTO ledger (workflow, sink, key, content_hash, status, result_id, updated_at)"
    " VALUES ('bench-favorites', 'sb.upload_photo', ?, ?, ?, ?, '2024-05-01T12:00:00.123Z')"
    " ON CONFLICT (workflow, sink, key) DO UPDATE SET content_hash = excluded.content_hash,"
    " status = excluded.status, result_id = excluded.result_id, updated_at = excluded.updated_at"
)
LOOKUP = (
    "SELECT key, content_hash, status, result_id, updated_at FROM ledger"
    " WHERE workflow = 'bench-favorites' AND sink = 'sb.upload_photo' AND key IN (%s)" % ",".join("?" * PAGE)
)


def key(i):
    return "headshotpro:ph_%016x%08x" % (hash((i, 7)) & 0xFFFFFFFFFFFFFFFF, i)


def content_hash(i):
    return hashlib.sha256(str(i).encode()).hexdigest()


def timed(label, fn):
    cpu, wall = time.process_time(), time.time()
    fn()
    print("  %-34s cpu %6.2f s  wall %6.2f s" % (label, time.process_time() - cpu, time.time() - wall))


def run(folder, layout, autocheckpoint):
    path = os.path.join(folder, "layout.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -8192",
                   "wal_autocheckpoint = %d" % autocheckpoint):
        db.execute("PRAGMA " + pragma)
    for sql in LAYOUTS[layout]:
        db.execute(sql)
    pages = [[(key(i), content_hash(i), i) for i in range(p * PAGE, (p + 1) * PAGE)] for p in range(N // PAGE)]

    def first_run():
        for page in pages:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(UPSERT, ((k, h, "pending", "") for k, h, _ in page))
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")
            db.executemany(UPSERT, ((k, h, "done", "photo-%d" % i) for k, h, i in page))
            db.execute("COMMIT")

    def rerun_lookups():
        for page in pages:
            db.execute(LOOKUP, [k for k, _, _ in page]).fetchall()

    rng = random.Random(1)

    def random_lookups():
        for _ in pages:
            db.execute(LOOKUP, [key(rng.randrange(N)) for _ in range(PAGE)]).fetchall()

    print("%s, wal_autocheckpoint %d:" % (layout, autocheckpoint))
    timed("first run (500 x 2 writes of 200)", first_run)
    timed("re-run lookups (500 pages)", rerun_lookups)
    timed("random lookups (500 pages)", random_lookups)
    print("  file %d KiB" % (os.path.getsize(path) // 1024))
    db.close()


def main():
    if len(sys.argv) > 1:
        folder, temporary = sys.argv[1], False
    else:
        folder, temporary = tempfile.mkdtemp(prefix="photobridge-layout-"), True
    try:
        for autocheckpoint in (1000, 10000):
            for layout in LAYOUTS:
                run(folder, layout, autocheckpoint)
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
