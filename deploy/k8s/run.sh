#!/usr/bin/env bash
# Runs the sharded sweep on a Kubernetes cluster: the results volume, the Indexed Job of shards, then — once every
# index completed — the merge Job. Edit the env values in shards-job.yaml and merge-job.yaml first (deploy/README.md).
#   deploy/k8s/run.sh [NAMESPACE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ns=(--namespace "${1:-default}")
kubectl "${ns[@]}" apply -f "$here/results-volume.yaml"
kubectl "${ns[@]}" apply -f "$here/shards-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=24h job/ballast-shards
kubectl "${ns[@]}" apply -f "$here/merge-job.yaml"
kubectl "${ns[@]}" wait --for=condition=complete --timeout=1h job/ballast-merge
kubectl "${ns[@]}" logs job/ballast-merge
