#!/usr/bin/env bash
# Multi-process figures for the README: time from `actorkube up` to all nodes Ready, and from
# `actorkube chaos kill-worker` to all replicas Running again on the surviving worker's nodes.
# Usage: tools/measure-cluster.sh [WORKERS] [NODES] [REPLICAS] [TIME_SCALE]   (defaults 2 30 30 20)
# Prints one JSON line. Needs kubectl on PATH. Runs from a clean data directory and stops the cluster at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-2} nodes=${2:-30} replicas=${3:-30} scale=${4:-20}
dir=$(mktemp -d /tmp/actorkube-measure-XXXXXX)
dotnet build src/ActorKube.Cli -c Release -v q -nologo >/dev/null
ak=(dotnet src/ActorKube.Cli/bin/Release/net10.0/actorkube.dll)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

start=$(now)
"${ak[@]}" up --workers "$workers" --nodes "$nodes" --time-scale "$scale" --data-dir "$dir" --api-port 0 >"$dir/up.out" 2>&1 &
up_pid=$!
trap 'kill "$up_pid" 2>/dev/null; wait "$up_pid" 2>/dev/null; rm -rf "$dir"' EXIT
until [ -s "$dir/kubeconfig" ]; do
  kill -0 "$up_pid" 2>/dev/null || { cat "$dir/up.out" >&2; exit 1; }
  sleep 0.2
done
export KUBECONFIG="$dir/kubeconfig"
k() { kubectl --cache-dir "$dir/kube-cache" "$@"; }
until [ "$(k get nodes --no-headers 2>/dev/null | awk '$2 == "Ready"' | wc -l)" -eq "$nodes" ]; do sleep 0.2; done
up_to_ready=$(since "$start")

k create deployment web --image=nginx --replicas="$replicas" >/dev/null
k rollout status deployment/web --timeout=600s >/dev/null

killed=$(now)
"${ak[@]}" chaos kill-worker worker-1 --data-dir "$dir" >/dev/null
# worker-1's nodes, then: every replica Running and ready on a node of another worker.
dead=$(k get nodes -L actorkube.io/worker --no-headers | awk '$NF == "worker-1" { print $1 }' | sort | tr '\n' ' ')
until [ "$(k get pods -o wide --no-headers 2>/dev/null | awk -v dead=" $dead" '$2 == "1/1" && $3 == "Running" && index(dead, " " $7 " ") == 0' | wc -l)" -eq "$replicas" ]; do
  sleep 0.5
done
kill_to_running=$(since "$killed")

printf '{"processes":%d,"workers":%d,"nodes":%d,"replicas":%d,"time_scale":%s,"up_to_all_nodes_ready_s":%s,"kill_worker_to_all_replicas_running_s":%s}\n' \
  "$((workers + 1))" "$workers" "$nodes" "$replicas" "$scale" "$up_to_ready" "$kill_to_running"
