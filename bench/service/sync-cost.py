#!/usr/bin/env python3
"""What one durable append costs on this machine's disk, per way of syncing (the storage engine's choice).

Six files in one directory stand for a single node's six disk directories: each round appends one
record-sized buffer to every file from six threads and syncs it, as the appenders do for one object.
The ways are measured in turns (25 rounds each, 8 turns), so load bursts hit them alike:
  fsync        pwritev, then fsync (the engine before RWF_DSYNC)
  fdatasync    pwritev, then fdatasync
  dsync        pwritev2(RWF_DSYNC): write + fdatasync in one call (the engine now)
  falloc_keep  dsync into a file preallocated with fallocate(FALLOC_FL_KEEP_SIZE)
  falloc       dsync into a file preallocated with posix_fallocate (size set: no size change, unwritten extents)
  zeroed       dsync overwriting blocks zero-filled and synced in advance (no metadata change at all)
Usage: bench/service/sync-cost.py [DIR] [RECORD_BYTES]   (DIR on the disk to measure; default /tmp)
Prints one JSON object per way (mean, p50, p90 per round in ms, load average).
"""
import ctypes, json, os, shutil, statistics, sys, tempfile, threading, time

directory = tempfile.mkdtemp(prefix="sync-cost.", dir=sys.argv[1] if len(sys.argv) > 1 else "/tmp")
record = os.urandom(int(sys.argv[2]) if len(sys.argv) > 2 else 88_000)
rounds, turns, files = 25, 8, 6
libc = ctypes.CDLL("libc.so.6", use_errno=True)
size = rounds * turns * len(record) + (1 << 20)


def open_files(way):
    fds = []
    for i in range(files):
        fd = os.open(os.path.join(directory, f"{way}-{i}"), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        if way == "falloc_keep":
            libc.fallocate(fd, 1, ctypes.c_long(0), ctypes.c_long(size))  # FALLOC_FL_KEEP_SIZE
        elif way == "falloc":
            os.posix_fallocate(fd, 0, size)
        elif way == "zeroed":
            zeros = bytes(1 << 20)
            for offset in range(0, size, 1 << 20):
                os.pwrite(fd, zeros, offset)
        os.fsync(fd)
        fds.append(fd)
    return fds


def append(way, fd, offset):
    if way == "fsync":
        os.pwritev(fd, [record], offset)
        os.fsync(fd)
    elif way == "fdatasync":
        os.pwritev(fd, [record], offset)
        os.fdatasync(fd)
    else:
        os.pwritev(fd, [record], offset, os.RWF_DSYNC)


ways = ["fsync", "fdatasync", "dsync", "falloc_keep", "falloc", "zeroed"]
try:
    handles = {w: open_files(w) for w in ways}
    offsets = dict.fromkeys(ways, 0)
    samples = {w: [] for w in ways}
    for _ in range(turns):
        for way in ways:
            for _ in range(rounds):
                start = time.perf_counter()
                threads = [threading.Thread(target=append, args=(way, fd, offsets[way])) for fd in handles[way]]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                samples[way].append((time.perf_counter() - start) * 1000)
                offsets[way] += len(record)
    load = float(open("/proc/loadavg").read().split()[0])
    for way in ways:
        s = sorted(samples[way])
        print(json.dumps({"way": way, "files": files, "record_bytes": len(record), "rounds": len(s),
                          "mean_ms": round(statistics.mean(s), 2), "p50_ms": round(s[len(s) // 2], 2),
                          "p90_ms": round(s[int(len(s) * 0.9)], 2), "load1": load}))
finally:
    shutil.rmtree(directory)
