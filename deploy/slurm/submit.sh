#!/usr/bin/env bash
# Submits a sharded Ballast run to Slurm: an array job with one task per shard, and a merge job that starts only when
# every task succeeded (--dependency=afterok). Prints the two job ids. deploy/README.md has the details.
#
#   deploy/slurm/submit.sh --kind sweep --scenario scenarios/lih-tao-gap.yaml --shards 8 --paths 1000 \
#       --results /shared/ballast/gap-shards --out /shared/ballast/gap-sweep [--ballast /shared/ballast/bin/ballast] \
#       [--cpus 4] [--wait] [-- --optimise lpYield --max-ruin 0.01]
#
# --results may be a PostgreSQL connection string instead of a shared folder. --wait blocks until the merge job ends
# and exits with its status. Further sbatch options (partition, account, time) go in SBATCH_* environment variables,
# which sbatch reads itself (e.g. SBATCH_PARTITION=compute).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kind=simulate scenario="" shards="" paths="" results="" out="" ballast="${BALLAST:-ballast}" cpus=1 wait=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kind) kind="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --ballast) ballast="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --wait) wait=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "submit.sh: unknown option $1 (see the comment at the top of this file)" >&2; exit 2 ;;
  esac
done
case "$kind" in simulate|sweep) ;; *) echo "submit.sh: --kind must be simulate or sweep" >&2; exit 2 ;; esac
[ -n "$scenario" ] && [ -n "$shards" ] && [ -n "$results" ] && [ -n "$out" ] \
  || { echo "submit.sh: --scenario, --shards, --results and --out are required" >&2; exit 2; }
[ "$shards" -ge 1 ] 2>/dev/null || { echo "submit.sh: --shards must be a positive number" >&2; exit 2; }

export KIND="$kind" SCENARIO="$scenario" SHARDS="$shards" PATHS="$paths" RESULTS="$results" OUT="$out" BALLAST="$ballast"
export BALLAST_ARGS="${extra[*]:-}"
array=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))" --cpus-per-task="$cpus" "$here/shard.sbatch")
array=${array%%;*}
echo "array job $array: $shards shard(s) of $kind $scenario"
if [ "$wait" = 1 ]; then
  merge_args=(--wait)
else
  merge_args=()
fi
set +e
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes "${merge_args[@]}" "$here/merge.sbatch")
code=$?
set -e
echo "merge job ${merge%%;*}: runs after every shard succeeded, writes $out"
exit $code
