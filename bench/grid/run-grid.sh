#!/usr/bin/env bash
# End-to-end grid benchmark (bench/run grid [--quick]): object write and read throughput (MB/s,
# objects/s) for 0.5 MB and 50 MB objects on a local 6-node ec-4-2 grid and in single-node mode
# (one node, 6 disks), and the peak memory of every node. Prints JSON lines; see bench/README.md "## Grid".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/src/Archive.Node/Archive.Node.csproj" -c Release --nologo -v quiet >&2
dotnet build "$root/bench/grid/GridBench/GridBench.csproj" -c Release --nologo -v quiet >&2
export ARCHIVE_NODE_BIN="$root/src/Archive.Node/bin/Release/net10.0/archive-node"
bench="$root/bench/grid/GridBench/bin/Release/net10.0/grid-bench.dll"
echo "{\"machine\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cpus\":$(nproc),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
dotnet "$bench" --nodes 6 "$@"
dotnet "$bench" --nodes 1 "$@"
