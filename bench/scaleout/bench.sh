#!/usr/bin/env bash
# Scale-out benchmark (docs/benchmarks.md, "Scale-out"): one sweep on this machine run
#   (a) as today: `ballast sweep -j 2` (no store)
#   (b) as 1 shard: `--shard 0/1 -j 2` into a results folder, then `ballast merge`
#   (c) as 2 shards at once, `-j 1` each, then `ballast merge`
# and the merge alone, repeated ROUNDS times (medians printed). Checks that (b) and (c) merge to (a)'s bytes.
# and, for the store's cost per path, `ballast simulate` of SIM_PATHS paths as today and as 1 shard + merge.
#   bench/scaleout/bench.sh [PATHS per point, default 16] [ROUNDS, default 3] [SIM_PATHS, default 64]
# Uses the Release build of the CLI (built here) and deploy/slurm/ci-sweep.yaml (6 grid points × 300 blocks).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
paths="${1:-16}" rounds="${2:-3}" sim_paths="${3:-64}"
dotnet build "$repo/src/Hosts/Cli" -c Release --nologo -v q >/dev/null
ballast="$repo/src/Hosts/Cli/bin/Release/net10.0/ballast"
scenario="$repo/deploy/slurm/ci-sweep.yaml"
work="$(mktemp -d /tmp/ballast-scaleout-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
same() { for f in "$1"/*; do cmp -s "$f" "$2/$(basename "$f")" || { echo "bench.sh: $(basename "$f") differs in $2" >&2; exit 1; }; done; }
single="" one_run="" one_merge="" two_run="" two_merge="" sim="" sim_shard="" sim_merge=""
for r in $(seq 1 "$rounds"); do
  rm -rf "$work"/*
  t=$(now); "$ballast" sweep "$scenario" --paths "$paths" -j 2 -o "$work/single" >/dev/null 2>&1; single+=" $(since "$t")"
  t=$(now); "$ballast" sweep "$scenario" --paths "$paths" -j 2 --shard 0/1 --results "$work/one" >/dev/null 2>&1; one_run+=" $(since "$t")"
  t=$(now); "$ballast" merge "$work/one" -o "$work/one-merged" >/dev/null; one_merge+=" $(since "$t")"
  t=$(now)
  "$ballast" sweep "$scenario" --paths "$paths" -j 1 --shard 0/2 --results "$work/two" >/dev/null 2>&1 &
  "$ballast" sweep "$scenario" --paths "$paths" -j 1 --shard 1/2 --results "$work/two" >/dev/null 2>&1 &
  wait; two_run+=" $(since "$t")"
  t=$(now); "$ballast" merge "$work/two" -o "$work/two-merged" >/dev/null; two_merge+=" $(since "$t")"
  same "$work/single" "$work/one-merged"; same "$work/single" "$work/two-merged"
  t=$(now); "$ballast" simulate "$scenario" --paths "$sim_paths" -j 2 -o "$work/sim" >/dev/null 2>&1; sim+=" $(since "$t")"
  t=$(now); "$ballast" simulate "$scenario" --paths "$sim_paths" -j 2 --shard 0/1 --results "$work/sim-shards" >/dev/null 2>&1; sim_shard+=" $(since "$t")"
  t=$(now); "$ballast" merge "$work/sim-shards" -o "$work/sim-merged" >/dev/null; sim_merge+=" $(since "$t")"
  same "$work/sim" "$work/sim-merged"
  echo "round $r: single $(echo "$single" | awk '{print $NF}') s; 1 shard $(echo "$one_run" | awk '{print $NF}') + merge $(echo "$one_merge" | awk '{print $NF}') s; 2 shards $(echo "$two_run" | awk '{print $NF}') + merge $(echo "$two_merge" | awk '{print $NF}') s" >&2
done
echo "| ci-sweep.yaml, 6 points × $paths paths × 300 blocks (median of $rounds) | wall time (s) |"
echo "|---|---|"
echo "| \`ballast sweep -j 2\` (no store) | $(echo "$single" | median) |"
echo "| 1 shard \`--shard 0/1 -j 2\` | $(echo "$one_run" | median) |"
echo "| merge of 1 shard | $(echo "$one_merge" | median) |"
echo "| 2 shards at once, \`-j 1\` each | $(echo "$two_run" | median) |"
echo "| merge of 2 shards | $(echo "$two_merge" | median) |"
echo
echo "| ci-sweep.yaml simulated, $sim_paths paths × 300 blocks (median of $rounds) | wall time (s) |"
echo "|---|---|"
echo "| \`ballast simulate -j 2\` (writes the folder) | $(echo "$sim" | median) |"
echo "| 1 shard \`--shard 0/1 -j 2\` (writes the store) | $(echo "$sim_shard" | median) |"
echo "| merge of 1 shard (writes the folder) | $(echo "$sim_merge" | median) |"
echo "merged bytes identical to the single sweep in every round" >&2
