#!/usr/bin/env bash
# The archive service as a PACS sees it, side by side with Orthanc (issue 8, "Must show"):
#   bench/run service [--quick]          ~1 GB corpus (--quick: ~115 MB): ingest with dcmtk storescu on 1 and 4
#                                        associations, C-FIND study-level latency, C-MOVE to storescp and C-GET MB/s,
#                                        for Orthanc (SyncStorageArea, TCP_NODELAY), our single node and a 6-node ec-4-2 grid
#   bench/run service --catalog-100k     100,000 one-instance studies stored, then C-FIND p50/p95 (ours single node,
#                                        then Orthanc unless --no-orthanc)
#   options: --only orthanc,nullsink,single,grid  systems to run (default all); --keep keeps the temp dir;
#            --ingest-only                skip C-FIND, C-MOVE and C-GET (storage work: ingest figures only);
#            --scu-nagle                  storescu runs with Nagle's algorithm on (TCP_NODELAY not in its environment),
#                                         as dcmtk and the PACS built on it do by default; the servers keep TCP_NODELAY=1
#            --variant NAME=ARGS          (repeatable) also run the single node with extra archive-node ARGS (words
#                                         starting with --; other words are VAR=VALUE environment variables),
#                                         reported as mode "single-node NAME" (e.g. lever on/off in the same run);
#            baseline (in --only)         the single node from another build: SERVICE_BENCH_BASELINE_BIN=path/to/archive-node
#            nullsink (in --only)         dcmtk storescp --ignore (keeps nothing): the ceiling of any receiver here, ingest only
#            SERVICE_BENCH_NO_BUILD=1 skips the Release builds (already built); SERVICE_BENCH_NODE_ARGS adds
#            archive-node arguments to the single node (e.g. "--Write:Compress=false" to see what compression costs)
# Prints one JSON object per figure (system, mode, metric, value, unit), then a summary table. Loopback only;
# everything started here is stopped on exit. Results are also appended to .local/bench-service/results.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/bench/common.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TCP_NODELAY=1

size=full; catalog=0; only="orthanc,nullsink,single,grid"; keep=0; with_orthanc_catalog=1; ingest_only=0; variants=(); scu_env=(); mode_suffix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) size=quick ;;
    --catalog-100k) catalog=1 ;;
    --only) only="$2"; shift ;;
    --no-orthanc) with_orthanc_catalog=0 ;;
    --keep) keep=1 ;;
    --ingest-only) ingest_only=1 ;;
    --scu-nagle) scu_env=(env -u TCP_NODELAY); mode_suffix=" scu-nagle" ;;
    --variant) variants+=("$2"); shift ;;
    *) echo "usage: bench/run service [--quick|--catalog-100k] [--only orthanc,nullsink,baseline,single,grid] [--no-orthanc] [--keep] [--ingest-only] [--scu-nagle] [--variant NAME=ARGS]..." >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }

work="$(mktemp -d /tmp/archive-service-bench.XXXXXX)"
results="$work/results.jsonl"
: >"$results"
started=()      # pids started here (stopped on exit)
grids=()        # local-grid directories brought up here
cleanup() {
  local pid g
  for g in "${grids[@]:-}"; do [ -n "$g" ] && LOCAL_GRID_NO_BUILD=1 "$root/tools/local-grid" down --dir "$g" >/dev/null 2>&1 || true; done
  for pid in "${started[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]:-}"; do stop_process "$pid"; done
  mkdir -p "$root/.local/bench-service"
  cat "$results" >>"$root/.local/bench-service/results.jsonl" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[service-bench $(date +%H:%M:%S)] $*" >&2; }
now_ns() { date +%s%N; }
emit() { # system mode metric value unit
  local line
  line=$(printf '{"system":"%s","mode":"%s","metric":"%s","value":%s,"unit":"%s","load1":%s}' "$1" "$2" "$3" "$4" "$5" "$(cut -d' ' -f1 /proc/loadavg)")
  echo "$line" | tee -a "$results"
}
wait_dicom() { # port seconds ae
  local i
  for i in $(seq 1 $(( $2 * 4 ))); do
    echoscu -to 2 -aet BENCH -aec "$3" 127.0.0.1 "$1" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "no DICOM echo on port $1 after $2 s" >&2; return 1
}

# ---------------------------------------------------------------- build
if [ "${SERVICE_BENCH_NO_BUILD:-}" != 1 ]; then
  log "building node, local-grid, service-bench and corpus generator (Release)"
  dotnet build "$root/src/Archive.Node/Archive.Node.csproj" -c Release --nologo -v quiet >&2
  dotnet build "$root/tools/LocalGrid/LocalGrid.csproj" -c Release --nologo -v quiet >&2
  dotnet build "$root/bench/service/ServiceBench/ServiceBench.csproj" -c Release --nologo -v quiet >&2
fi
node_bin="$root/src/Archive.Node/bin/Release/net10.0/archive-node"
sb=(dotnet "$root/bench/service/ServiceBench/bin/Release/net10.0/service-bench.dll")
gen=(dotnet "$root/tools/CorpusGenerator/bin/Release/net10.0/CorpusGenerator.dll")

echo "{\"machine\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cpus\":$(nproc),\"ram_gb\":$(awk '/MemTotal/{printf "%.0f",$2/1048576}' /proc/meminfo),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"orthanc\":\"$(Orthanc --version 2>/dev/null | head -1)\",\"dcmtk\":\"$(storescu --version 2>/dev/null | head -1)\"}" | tee -a "$results"

# ---------------------------------------------------------------- corpus (cached)
cache="$root/.local/bench-corpus"
mkdir -p "$cache"
make_corpus() { # name -> $cache/name with a/, b/, queries.tsv, retrieve/, lists
  local name="$1" dir="$cache/$1"
  [ -f "$dir/DONE" ] && return 0
  log "generating the $name corpus into $dir (once)"
  rm -rf "$dir.gen" && mkdir -p "$dir.gen"
  if [ "$name" = quick ]; then
    "${gen[@]}" --out "$dir.gen/a" --studies 60 --seed 11 --max-size 600K >&2
    "${gen[@]}" --out "$dir.gen/b" --studies 5 --seed 12 --max-size 20M >&2
  else
    # ~700 MB of CT (0.5 MB slices), MR, small CT and SR; ~300 MB of CR (7.5 MB) and multi-frame US (~41 MB).
    "${gen[@]}" --out "$dir.gen/a" --studies 620 --seed 11 --max-size 600K >&2
    "${gen[@]}" --out "$dir.gen/b" --studies 25 --seed 12 --max-size 40M >&2
  fi
  "${sb[@]}" corpus-keys --corpus "$dir.gen/a:$dir.gen/b" --queries "$dir.gen/queries.tsv" --retrieve "$dir.gen/retrieve" >&2
  rm -rf "$dir" && mv "$dir.gen" "$dir"
  touch "$dir/DONE"
}

# A server is measured warm, as it runs for months: before each timed ingest every system first stores
# this corpus of other studies (unmeasured): 1,600 small objects of every kind in the measured corpus, and
# 22 large ones (CR, multi-frame US), so that our JIT has compiled the store path at full tier (after the
# 590 small objects of sessions 3-10 it still took 13-14% of the node's samples in the timed window, the
# large objects' paths first compiled there; after this one under 1%), and Orthanc's caches are equally warm;
# the stored count check subtracts it.
make_warm_corpus() {
  local dir="$cache/warm-steady"
  [ -f "$dir/DONE" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir" &&
    "${gen[@]}" --out "$dir/a" --studies 240 --seed 99 --max-size 600K >&2 &&
    "${gen[@]}" --out "$dir/b" --studies 4 --seed 98 --max-size 40M >&2 && touch "$dir/DONE"
}

warm_up() {
  storescu -aet BENCH -aec "$SYS_AE" --max-pdu 131072 -to 30 -ta 30 +sd +r +sp '*.dcm' 127.0.0.1 "$SYS_PORT" "$cache/warm-steady" >"$work/storescu-warm.log" 2>&1 ||
    log "WARNING: warm-up storescu exited non-zero (see $work/storescu-warm.log)"
}

make_lists() { # dir -> all.list, part-{0..3}.list balanced by bytes; echoes "instances bytes"
  local dir="$1"
  python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
files = []
for sub in ("a", "b"):
    with open(os.path.join(d, sub, "manifest.tsv")) as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            files.append((int(c[8]), os.path.join(d, sub, c[0])))
with open(os.path.join(d, "all.list"), "w") as f:
    f.write("\n".join(p for _, p in files) + "\n")
parts = [[0, []] for _ in range(4)]
for size, p in sorted(files, reverse=True):
    part = min(parts, key=lambda x: x[0])
    part[0] += size
    part[1].append(p)
for i, (_, ps) in enumerate(parts):
    with open(os.path.join(d, f"part-{i}.list"), "w") as f:
        f.write("\n".join(ps) + "\n")
print(len(files), sum(s for s, _ in files))
PY
}

# ---------------------------------------------------------------- systems
# Every system is started by a start_* function that sets SYS_PORT and SYS_AE and registers DEST
# (a storescp on $dest_port) as C-MOVE destination. BENCH (every dcmtk tool's calling AE) is registered with
# Orthanc; the archive accepts it as an unknown caller (development configuration, sees every site).
dest_port=$(free_port)

start_orthanc() { # dir
  local dir="$1" http dport
  http=$(free_port); dport=$(free_port)
  mkdir -p "$dir/storage" "$dir/index"
  cat >"$dir/orthanc.json" <<JSON
{
  "Name": "bench-orthanc",
  "StorageDirectory": "$dir/storage",
  "IndexDirectory": "$dir/index",
  "StorageCompression": false,
  "SyncStorageArea": true,
  "Plugins": [],
  "HttpServerEnabled": true,
  "HttpPort": $http,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomPort": $dport,
  "DicomCheckCalledAet": false,
  "DicomCheckModalityHost": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowFindWorklist": true,
  "DicomAlwaysAllowGet": true,
  "DicomAlwaysAllowMove": true,
  "UnknownSopClassAccepted": true,
  "DeflatedTransferSyntaxAccepted": true,
  "DicomModalities": {
    "DEST": [ "DEST", "127.0.0.1", $dest_port ],
    "BENCH": [ "BENCH", "127.0.0.1", $dest_port ]
  },
  "DicomThreadsCount": 4,
  "LimitFindResults": 0,
  "LimitFindInstances": 0,
  "OverwriteInstances": false,
  "SaveJobs": false,
  "StableAge": 3600,
  "MaximumStorageSize": 0,
  "MaximumPatientCount": 0,
  "DicomScpTimeout": 60,
  "DicomAssociationCloseDelay": 0,
  "MaximumPduLength": 131072
}
JSON
  TCP_NODELAY=1 Orthanc "$dir/orthanc.json" >"$dir/orthanc.log" 2>&1 &
  started+=($!)
  SYS_PID=$!; SYS_PORT=$dport; SYS_AE=ORTHANC; SYS_HTTP=$http; SYS_METRICS=""
  wait_dicom "$dport" 60 ORTHANC
}

# The ceiling of any receiver on this machine: dcmtk's storescp keeping nothing (--ignore: no file, no fsync,
# no index), fed by the same storescu processes. A system that stores durably does strictly more per object, so an
# ingest target above this figure cannot be met here by any implementation. Ingest only (it answers no query).
start_nullsink() { # dir
  local dir="$1" dport
  dport=$(free_port)
  TCP_NODELAY=1 storescp --ignore +xa --max-pdu 131072 -aet NULLSINK "$dport" >"$dir/storescp.log" 2>&1 &
  started+=($!)
  SYS_PID=$!; SYS_PORT=$dport; SYS_AE=NULLSINK; SYS_HTTP=""; SYS_METRICS=""
  wait_dicom "$dport" 30 NULLSINK
}

start_baseline() { # dir: the single node from another build (SERVICE_BENCH_BASELINE_BIN)
  node_bin="${SERVICE_BENCH_BASELINE_BIN:?baseline needs SERVICE_BENCH_BASELINE_BIN}" start_single "$1"
}

start_single() { # dir
  local dir="$1" grpc http dport
  grpc=$(free_port); http=$(free_port); dport=$(free_port)
  mkdir -p "$dir/home"
  cat >"$dir/node.json" <<JSON
{
  "Node": { "Id": "node-1", "GrpcUrl": "http://127.0.0.1:$grpc", "HttpUrl": "http://127.0.0.1:$http" },
  "Dicom": { "AeTitle": "ARCHIVE", "BindAddress": "127.0.0.1", "Port": $dport, "AcceptAnyCallingAe": true, "MoveDestinations": { "DEST": "127.0.0.1:$dest_port" } },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
JSON
  # What tools/run does (build + exec archive-node), with its own ARCHIVE_HOME and ports.
  # shellcheck disable=SC2086 # SERVICE_BENCH_NODE_ARGS: extra archive-node arguments, e.g. --Write:Compress=false
  # A variant's words that start with -- are node arguments, the others NAME=VALUE environment variables.
  local word args=() envs=()
  for word in ${VARIANT_ARGS:-}; do
    if [[ "$word" == --* ]]; then args+=("$word"); else envs+=("$word"); fi
  done
  env ${envs[@]+"${envs[@]}"} ARCHIVE_HOME="$dir/home" "$node_bin" --config "$dir/node.json" ${SERVICE_BENCH_NODE_ARGS:-} ${args[@]+"${args[@]}"} >"$dir/node.log" 2>&1 &
  started+=($!)
  SYS_PID=$!; SYS_PORT=$dport; SYS_AE=ARCHIVE; SYS_HTTP=$http; SYS_METRICS="http://127.0.0.1:$http/metrics"
  wait_dicom "$dport" 90 ARCHIVE
}

start_grid() { # dir
  local dir="$1" line
  grids+=("$dir")
  LOCAL_GRID_NO_BUILD=1 "$root/tools/local-grid" up --nodes 6 --class ec-4-2 --dir "$dir" --ae "DEST=127.0.0.1:$dest_port" >"$dir.up.json" 2>"$dir.up.log"
  line=$(head -1 "$dir.up.json")
  SYS_PORT=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dicomPort"])')
  SYS_AE=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dicomAe"])')
  SYS_PID=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
  SYS_HTTP=""; SYS_METRICS=$(echo "$line" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metrics"])')
  wait_dicom "$SYS_PORT" 90 "$SYS_AE"
}

stop_system() { # system dir
  if [ "$1" = grid ]; then
    LOCAL_GRID_NO_BUILD=1 "$root/tools/local-grid" down --dir "$2" >/dev/null 2>&1 || true
  else
    stop_process "$SYS_PID" 100
  fi
}

# ---------------------------------------------------------------- measurements
ingest() { # system mode assoc corpus_dir instances bytes
  local sys="$1" mode="$2" n="$3" dir="$4" instances="$5" bytes="$6" t0 t1 i errs=0 pids=() files
  local scu=(${scu_env[@]+"${scu_env[@]}"} storescu -aet BENCH -aec "$SYS_AE" --max-pdu 131072 -to 30 -ta 30 127.0.0.1 "$SYS_PORT")
  t0=$(now_ns)
  if [ "$n" = 1 ]; then
    mapfile -t files <"$dir/all.list"
    "${scu[@]}" "${files[@]}" >"$work/storescu-$sys-$mode-1.log" 2>&1 || errs=$((errs + 1))
  else
    for i in 0 1 2 3; do
      mapfile -t files <"$dir/part-$i.list"
      "${scu[@]}" "${files[@]}" >"$work/storescu-$sys-$mode-4-$i.log" 2>&1 &
      pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || errs=$((errs + 1)); done
  fi
  t1=$(now_ns)
  local secs; secs=$(python3 -c "print(($t1-$t0)/1e9)")
  local failed; failed=$(cat "$work"/storescu-"$sys"-"$mode"-"$n"*.log | grep -ciE "store failed|status: (0x)?[ac]|error" || true)
  emit "$sys" "$mode" "ingest_${n}assoc_instances_per_s" "$(python3 -c "print(round($instances/$secs,1))")" "instances/s"
  emit "$sys" "$mode" "ingest_${n}assoc_mb_per_s" "$(python3 -c "print(round($bytes/1e6/$secs,1))")" "MB/s"
  emit "$sys" "$mode" "ingest_${n}assoc_seconds" "$(python3 -c "print(round($secs,2))")" "s"
  [ "$failed" = 0 ] && [ "$errs" = 0 ] || log "WARNING: $sys $mode ingest ${n}assoc: $errs storescu exits non-zero, $failed error lines (see $work/storescu-$sys-$mode-$n*.log)"
}

count_instances() { # -> prints the sum of NumberOfStudyRelatedInstances over every study
  findscu -S -aet BENCH -aec "$SYS_AE" -to 30 127.0.0.1 "$SYS_PORT" -k QueryRetrieveLevel=STUDY -k StudyInstanceUID -k NumberOfStudyRelatedInstances -v 2>&1 |
    grep -aE "\(0020,1208\) IS \[" | sed -E 's/.*\[ *([0-9]+) *\].*/\1/' | awk '{s+=$1} END {print s+0}'
}

find_latency() { # system mode queries runs
  local sys="$1" mode="$2" queries="$3" runs="$4"
  "${sb[@]}" find --port "$SYS_PORT" --aec "$SYS_AE" --aet BENCH --queries "$queries" --runs "$runs" --system "$sys" --mode "$mode" | tee -a "$results"
  # The same queries with findscu, one process (and association) per query, wall time per run.
  python3 - "$queries" "$runs" "$SYS_PORT" "$SYS_AE" "$sys" "$mode" <<'PY' | tee -a "$results"
import json, os, subprocess, sys, time
queries, runs, port, ae, system, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
lines = [l.rstrip("\n").split("\t") for l in open(queries) if l.strip()]
ret = ["StudyInstanceUID", "PatientName", "PatientID", "IssuerOfPatientID", "StudyDate", "StudyTime", "AccessionNumber", "StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedInstances"]
samples, failed = [], 0
for i in range(runs):
    kind, keys = lines[i % len(lines)]
    args = ["findscu", "-S", "-aet", "BENCH", "-aec", ae, "-to", "30", "127.0.0.1", port, "-k", "QueryRetrieveLevel=STUDY"]
    given = dict(k.split("=", 1) for k in keys.split("|"))
    for k in ret:
        args += ["-k", f"{k}={given[k]}" if k in given else k]
    for k, v in given.items():
        if k not in ret:
            args += ["-k", f"{k}={v}"]
    t = time.perf_counter()
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples.append((time.perf_counter() - t) * 1000)
    failed += r.returncode != 0
s = sorted(samples)
pct = lambda p: s[min(len(s) - 1, max(0, int(-(-p * len(s) // 1)) - 1))]
for metric, value, unit in (("cfind_study_findscu_process_p50", pct(0.5), "ms"), ("cfind_study_findscu_process_p95", pct(0.95), "ms"), ("cfind_study_findscu_process_failed", failed, "count")):
    print(json.dumps({"system": system, "mode": mode, "metric": metric, "value": round(value, 2), "unit": unit, "load1": float(open("/proc/loadavg").read().split()[0])}))
PY
}

cache_counts() { # "hits misses" of the receiving node's replica cache (nothing for Orthanc)
  [ -n "$SYS_METRICS" ] || return 0
  curl -sf "$SYS_METRICS" | python3 -c '
import sys
n = {"hits": 0.0, "misses": 0.0}
for line in sys.stdin:
    for k in n:
        if line.startswith("archive_storage_cache_" + k + "_total"):
            n[k] += float(line.split()[-1])
print(int(n["hits"]), int(n["misses"]))' || true
}

cache_hit_ratio() { # system mode metric "hits misses" before
  local before="$4" after
  [ -n "$before" ] || return 0
  after=$(cache_counts)
  [ -n "$after" ] || return 0
  emit "$1" "$2" "$3" "$(python3 -c "b=[int(x) for x in '$before'.split()]; a=[int(x) for x in '$after'.split()]; h=a[0]-b[0]; m=a[1]-b[1]; print(round(h/max(h+m,1),3))")" "hits/lookups"
}

retrieve() { # system mode corpus_dir instances bytes
  local sys="$1" mode="$2" dir="$3" instances="$4" bytes="$5" t0 t1 got secs
  local keys; mapfile -t keys < <(ls "$dir"/retrieve/q-*.dcm)
  # C-MOVE to a dcmtk storescp that receives every byte and discards it.
  TCP_NODELAY=1 storescp -v --ignore +xa -aet DEST --max-pdu 131072 "$dest_port" >"$work/storescp-$sys-$mode.log" 2>&1 &
  local scp=$!; started+=($scp)
  sleep 0.5
  local cache0; cache0=$(cache_counts)
  t0=$(now_ns)
  movescu -S -aet BENCH -aec "$SYS_AE" -aem DEST --max-pdu 131072 -to 30 127.0.0.1 "$SYS_PORT" "${keys[@]}" >"$work/movescu-$sys-$mode.log" 2>&1 || log "WARNING: movescu exit $? ($sys $mode)"
  t1=$(now_ns)
  kill "$scp" 2>/dev/null || true; wait "$scp" 2>/dev/null || true
  got=$(grep -c "Received Store Request" "$work/storescp-$sys-$mode.log" || true)
  secs=$(python3 -c "print(($t1-$t0)/1e9)")
  emit "$sys" "$mode" "cmove_mb_per_s" "$(python3 -c "print(round($bytes/1e6/$secs,1))")" "MB/s"
  emit "$sys" "$mode" "cmove_instances_per_s" "$(python3 -c "print(round($instances/$secs,1))")" "instances/s"
  emit "$sys" "$mode" "cmove_received" "$got" "instances (of $instances)"
  cache_hit_ratio "$sys" "$mode" cmove_cache_hit_ratio "$cache0"
  cache0=$(cache_counts)
  # C-GET on one association, discarding what it receives.
  t0=$(now_ns)
  getscu -S -v --ignore -aet BENCH -aec "$SYS_AE" --max-pdu 131072 -to 30 127.0.0.1 "$SYS_PORT" "${keys[@]}" >"$work/getscu-$sys-$mode.log" 2>&1 || log "WARNING: getscu exit $? ($sys $mode)"
  t1=$(now_ns)
  got=$(grep -ciE "Received C-STORE Request|Received Store Request" "$work/getscu-$sys-$mode.log" || true)
  secs=$(python3 -c "print(($t1-$t0)/1e9)")
  emit "$sys" "$mode" "cget_mb_per_s" "$(python3 -c "print(round($bytes/1e6/$secs,1))")" "MB/s"
  emit "$sys" "$mode" "cget_instances_per_s" "$(python3 -c "print(round($instances/$secs,1))")" "instances/s"
  emit "$sys" "$mode" "cget_received" "$got" "instances (of $instances)"
  cache_hit_ratio "$sys" "$mode" cget_cache_hit_ratio "$cache0"
}

summary() {
  python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"system"')]
metrics = []
for r in rows:
    if r["metric"] not in metrics: metrics.append(r["metric"])
cols = []
for r in rows:
    c = (r["system"], r["mode"])
    if c not in cols: cols.append(c)
val = {(r["system"], r["mode"], r["metric"]): r for r in rows}
print("\n| metric | " + " | ".join(f"{s} {m}" for s, m in cols) + " |")
print("|---|" + "---:|" * len(cols))
for m in metrics:
    unit = next(r["unit"] for r in rows if r["metric"] == m)
    cells = [str(val[(s, md, m)]["value"]) if (s, md, m) in val else "" for s, md in cols]
    print(f"| {m} ({unit}) | " + " | ".join(cells) + " |")
PY
}

# ---------------------------------------------------------------- the 100k catalog mode
if [ "$catalog" = 1 ]; then
  cat_dir="$cache/catalog-100k"
  if [ ! -f "$cat_dir/DONE" ]; then
    log "generating 100,000 one-instance studies into $cat_dir (once)"
    rm -rf "$cat_dir"
    "${sb[@]}" catalog --out "$cat_dir" --studies 100000 --parts 8 >&2
    touch "$cat_dir/DONE"
  fi
  catalog_run() { # system
    local sys="$1" d="$work/$1-catalog" t0 t1 i pids=() secs
    mkdir -p "$d"
    "start_$sys" "$d"
    log "$sys: storing 100,000 studies with storescu on 8 associations"
    t0=$(now_ns)
    for i in $(seq 0 7); do
      storescu -aet BENCH -aec "$SYS_AE" --max-pdu 131072 -to 30 +sd 127.0.0.1 "$SYS_PORT" "$cat_dir/part-0$i" >"$d/storescu-$i.log" 2>&1 &
      pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || log "WARNING: a storescu exited non-zero ($sys)"; done
    t1=$(now_ns)
    secs=$(python3 -c "print(($t1-$t0)/1e9)")
    emit "$sys" catalog-100k ingest_8assoc_seconds "$(python3 -c "print(round($secs,1))")" s
    emit "$sys" catalog-100k ingest_8assoc_instances_per_s "$(python3 -c "print(round(100000/$secs,1))")" instances/s
    emit "$sys" catalog-100k ingest_error_lines "$(cat "$d"/storescu-*.log | grep -ciE "store failed|error" || true)" count
    find_latency "$sys" catalog-100k "$cat_dir/queries.tsv" 200
    stop_system "$sys" "$d"
  }
  wants single && catalog_run single
  wants orthanc && [ "$with_orthanc_catalog" = 1 ] && catalog_run orthanc
  summary
  exit 0
fi

# ---------------------------------------------------------------- the corpus mode
make_corpus "$size"
make_warm_corpus
corpus="$cache/$size"
read -r instances bytes < <(make_lists "$corpus")
log "corpus $size: $instances instances, $bytes bytes"
emit corpus "$size" instances "$instances" count
emit corpus "$size" bytes "$bytes" bytes

run_system() { # system mode
  local sys="$1" mode="$2$mode_suffix" d n stored warm
  for n in 1 4; do
    d="$work/$sys-${mode// /_}-$n"; mkdir -p "$d"
    log "$sys ($mode): fresh store, ingest on $n association(s)"
    "start_$sys" "$d"
    warm_up
    if [ "$sys" = nullsink ]; then # nothing kept: nothing to count, query or retrieve
      ingest "$sys" "$mode" "$n" "$corpus" "$instances" "$bytes"
      stop_system "$sys" "$d"
      continue
    fi
    warm=$(count_instances)
    ingest "$sys" "$mode" "$n" "$corpus" "$instances" "$bytes"
    stored=$(( $(count_instances) - warm ))
    emit "$sys" "$mode" "ingest_${n}assoc_stored" "$stored" "instances (of $instances)"
    if [ "$n" = 4 ] && [ "$ingest_only" = 0 ]; then
      log "$sys ($mode): C-FIND latency, C-MOVE, C-GET"
      find_latency "$sys" "$mode" "$corpus/queries.tsv" 200
      retrieve "$sys" "$mode" "$corpus" "$instances" "$bytes"
    fi
    stop_system "$sys" "$d"
  done
}

wants orthanc && run_system orthanc single-node
wants nullsink && run_system nullsink storescp-ignore
wants baseline && run_system baseline single-node
wants single && run_system single single-node
for variant in "${variants[@]:-}"; do
  [ -n "$variant" ] || continue
  VARIANT_ARGS="${variant#*=}" run_system single "single-node ${variant%%=*}"
done
if wants grid; then
  run_system grid 6-node-ec-4-2
fi
uptime | sed 's/^/# /'
summary
