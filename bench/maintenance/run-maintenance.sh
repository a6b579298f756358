#!/usr/bin/env bash
# bench/run maintenance [--quick] [--studies N] [--keep]
# One real archive-node (7 data-disk directories, ec-4-2) loaded with a synthetic corpus over C-STORE, then:
#   1. scrub MB/s per disk: a full pass started at once (archivectl scrub start --now), unthrottled
#      (Scrub:BytesPerSecondPerDisk 4 GiB/s), pass bytes / pass time per disk from `scrub status --json`;
#   2. time to full redundancy after losing a disk: one disk directory wiped under the running node,
#      a scrub pass started, until `repair status --json` shows an empty queue and `verify` of every
#      study reports every object complete.
# MAINTENANCE_BENCH_NODE_ARGS adds node settings (e.g. --Write:CompressWhen=Inline).
# JSON lines with the 1-minute load average on stdout; appended to .local/bench-maintenance/results.jsonl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/bench/common.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TCP_NODELAY=1

studies=6; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) studies=2 ;;
    --studies) studies="$2"; shift ;;
    --keep) keep=1 ;;
    *) echo "usage: bench/run maintenance [--quick] [--studies N] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

work="$(mktemp -d /tmp/archive-maintenance-bench.XXXXXX)"
results="$work/results.jsonl"; : >"$results"
node_pid=""
cleanup() {
  stop_process "$node_pid"
  mkdir -p "$root/.local/bench-maintenance"
  cat "$results" >>"$root/.local/bench-maintenance/results.jsonl" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[maintenance-bench $(date +%H:%M:%S)] $*" >&2; }
now_ms() { date +%s%3N; }
emit() { # metric value unit [extra-json]
  local line
  line=$(printf '{"bench":"maintenance","metric":"%s","value":%s,"unit":"%s","load1":%s%s}' "$1" "$2" "$3" "$(cut -d' ' -f1 /proc/loadavg)" "${4:-}")
  echo "$line" | tee -a "$results"
}

if [ "${MAINTENANCE_BENCH_NO_BUILD:-}" != 1 ]; then
  log "building node, archivectl and corpus generator (Release)"
  dotnet build "$root/src/Archive.Node/Archive.Node.csproj" -c Release --nologo -v quiet >&2
  dotnet build "$root/src/Archive.Cli/Archive.Cli.csproj" -c Release --nologo -v quiet >&2
  dotnet build "$root/tools/CorpusGenerator/CorpusGenerator.csproj" -c Release --nologo -v quiet >&2
fi
node_bin="$root/src/Archive.Node/bin/Release/net10.0/archive-node"
ctl=(dotnet "$root/src/Archive.Cli/bin/Release/net10.0/archivectl.dll")
[ -f "${ctl[1]}" ] || ctl=(dotnet "$(ls "$root"/src/Archive.Cli/bin/Release/net10.0/*.dll | grep -i cli | head -1)")
gen=(dotnet "$root/tools/CorpusGenerator/bin/Release/net10.0/CorpusGenerator.dll")

grpc_port=$(free_port); http_port=$(free_port); dicom_port=$(free_port)
node_url="http://127.0.0.1:$grpc_port"
echo "{\"machine\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cpus\":$(nproc),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"studies\":$studies}" | tee -a "$results"

log "generating $studies studies"
"${gen[@]}" --out "$work/corpus" --studies "$studies" --seed 7 >/dev/null
corpus_bytes=$(du -sb "$work/corpus" | cut -f1)

log "starting archive-node on $node_url"
"$node_bin" --home "$work/node" --Node:DefaultDiskCount=7 --Node:GrpcUrl="$node_url" --Node:HttpUrl="http://127.0.0.1:$http_port" \
  --Dicom:Port="$dicom_port" --Dicom:AcceptAnyCallingAe=true --Scrub:BytesPerSecondPerDisk=4294967296 \
  --Repair:BytesPerSecond=4294967296 --Logging:LogLevel:Default=Warning ${MAINTENANCE_BENCH_NODE_ARGS:-} >"$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$http_port/readyz" >/dev/null || { tail -30 "$work/node.log" >&2; exit 1; }

log "storing the corpus ($((corpus_bytes / 1048576)) MiB)"
find "$work/corpus" -type f -name '*.dcm' -print0 | xargs -0 -n 200 storescu -aet BENCH -aec ARCHIVE 127.0.0.1 "$dicom_port" >/dev/null 2>&1
mapfile -t study_uids < <(for f in $(find "$work/corpus" -type f -name '*.dcm'); do dcmdump +P StudyInstanceUID "$f" 2>/dev/null | sed -n 's/.*\[\(.*\)\].*/\1/p'; done | sort -u)

ctl_json() { "${ctl[@]}" "$@" --node "$node_url" --json 2>/dev/null || true; }

wait_scrub_done() { # started-after-ms timeout-s
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if ctl_json scrub status | python3 -c "
import json,sys
nodes=json.load(sys.stdin)
disks=[d for n in nodes for d in n['disks']]
def ms(t):
    import datetime
    return int(datetime.datetime.fromisoformat(t.replace('Z','+00:00')).timestamp()*1000) if t else 0
sys.exit(0 if disks and all(not d['inPass'] and ms(d['lastPassCompleted'])>=$1 for d in disks) else 1)"; then return 0; fi
    sleep 0.5
  done
  return 1
}

log "scrub: full pass on every disk at once"
t0=$(now_ms)
"${ctl[@]}" scrub start --now --node "$node_url" >/dev/null
wait_scrub_done "$t0" 1800
ctl_json scrub status | python3 -c "
import json,sys,datetime
def ms(t): return datetime.datetime.fromisoformat(t.replace('Z','+00:00')).timestamp()
for n in json.load(sys.stdin):
    for d in n['disks']:
        secs=max(ms(d['lastPassCompleted'])-ms(d['lastPassStarted']),0.001)
        print(d['diskId'][:8], d['passBytes'], secs)
" | while read -r disk bytes secs; do
  emit "scrub_mb_per_s_per_disk" "$(python3 -c "print(round($bytes/1048576/$secs,1))")" "MiB/s" ",\"disk\":\"$disk\",\"bytes\":$bytes,\"seconds\":$secs"
done

log "losing a disk: wiping d3 under the running node"
victim="$work/node/disks/d3"
lost_bytes=$(du -sb "$victim" | cut -f1)
t0=$(now_ms)
find "$victim" -mindepth 1 -delete
"${ctl[@]}" scrub start --now --node "$node_url" >/dev/null
wait_scrub_done "$t0" 1800
deadline=$(( $(date +%s) + 1800 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  depth=$(ctl_json repair status | python3 -c 'import json,sys; print(json.load(sys.stdin)["queueDepth"])' 2>/dev/null || echo 1)
  [ "$depth" = 0 ] && break
  sleep 0.5
done
t1=$(now_ms)
complete=1
for uid in "${study_uids[@]}"; do
  if ! "${ctl[@]}" verify "$uid" --node "$node_url" >"$work/verify.txt" 2>&1; then
    complete=0
    log "verify $uid:"; tail -5 "$work/verify.txt" >&2
  fi
done
emit "time_to_full_redundancy_after_disk_loss" "$(python3 -c "print(round(($t1-$t0)/1000,2))")" "s" ",\"lost_bytes\":$lost_bytes,\"verified_complete\":$complete"
[ "$complete" = 1 ] || { log "verify found incomplete objects after repair"; exit 1; }
