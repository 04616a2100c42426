#!/usr/bin/env bash
# Ferry's defaults (a four-key spec: name, type, data, target; no `train:` section) against the best of three plain
# scikit-learn pipelines (pipelines.py: impute + one-hot + HistGradientBoosting / RandomForest / linear) on the same
# split: the pipelines train on the rows Ferry trained on and are scored on the rows Ferry held out (holdout.json), with
# Ferry's default success metric (accuracy; rmse for regression, with R2 beside it). One line per table, then how many
# tables Ferry is at or above the best pipeline within one test row (0.01 R2 for regression). A table that fails on
# either side prints its error on its line and the run goes on.
# Reads the shared tables from ../shared/datasets beside the repository (DATASETS=... to point elsewhere), writes two
# generated tables with a known answer and three real tables scikit-learn ships with its code (digits, wine, diabetes).
# Seven more real tables come from R's modeldata package as Debian ships it (r-cran-modeldata: credit scoring, telco
# churn twice, HR attrition, lending, house prices, concrete strength); without Rscript and that package they print as
# missing tables. TABLES="digits wine" runs only the tables named. Needs Debian's python3-sklearn and
# python3-pandas (/usr/bin/python3).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
datasets="${DATASETS:-$root/../shared/datasets}"
python=/usr/bin/python3
if [ ! -d "$datasets" ]; then
  echo "benchmarks/models: the shared tables are missing: no directory $datasets (set DATASETS=<dir with iris.csv, ...>)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/ferry" --help > /dev/null || exit 1  # build first: the build is not measured
"$python" "$here/pipelines.py" generate signal "$work/signal.csv" || exit 1
"$python" "$here/pipelines.py" generate friedman "$work/friedman.csv" || exit 1
for shipped in digits wine diabetes; do
  "$python" "$here/pipelines.py" export "$shipped" "$work/$shipped.csv" || exit 1
done
modeldata=(ames attrition concrete credit_data lending_club mlc_churn wa_churn)
if ! Rscript -e 'library(modeldata); for (n in commandArgs(TRUE)[-1]) { data(list = n, package = "modeldata"); write.csv(as.data.frame(get(n)), file.path(commandArgs(TRUE)[1], paste0(n, ".csv")), row.names = FALSE, na = "") }' "$work" "${modeldata[@]}" > /dev/null 2>&1; then
  echo "benchmarks/models: R's modeldata is missing (apt-get install r-cran-modeldata); its seven tables print as missing" >&2
fi

# table|file|target|type
tables=(
  "iris|$datasets/iris.csv|target|multiclass-classification"
  "breast_cancer|$datasets/breast_cancer.csv|target|binary-classification"
  "penguins|$datasets/penguins.csv|species|multiclass-classification"
  "titanic|$datasets/titanic.csv|survived|binary-classification"
  "car_prices|$datasets/car_prices.csv|Price|regression"
  "biomass|$datasets/biomass.csv|HHV|regression"
  "hpc_data|$datasets/hpc_data.csv|class|multiclass-classification"
  "stackoverflow|$datasets/stackoverflow.csv|Remote|binary-classification"
  "cells|$datasets/cells.csv|class|binary-classification"
  "signal|$work/signal.csv|label|binary-classification"
  "friedman|$work/friedman.csv|y|regression"
  "digits|$work/digits.csv|y|multiclass-classification"
  "wine|$work/wine.csv|y|multiclass-classification"
  "diabetes|$work/diabetes.csv|y|regression"
  "ames|$work/ames.csv|Sale_Price|regression"
  "attrition|$work/attrition.csv|Attrition|binary-classification"
  "concrete|$work/concrete.csv|compressive_strength|regression"
  "credit_data|$work/credit_data.csv|Status|binary-classification"
  "lending_club|$work/lending_club.csv|Class|binary-classification"
  "mlc_churn|$work/mlc_churn.csv|churn|binary-classification"
  "wa_churn|$work/wa_churn.csv|churn|binary-classification"
)
total=0
ok=0
for entry in "${tables[@]}"; do
  IFS='|' read -r table file target type <<< "$entry"
  case " ${TABLES:-$table} " in *" $table "*) ;; *) continue ;; esac
  total=$((total + 1))
  dir="$work/$table"
  mkdir -p "$dir"
  if [ ! -f "$file" ]; then
    printf '%-14s %-25s FAILED: missing table %s\n' "$table" "$type" "$file"
    continue
  fi
  ln -s "$file" "$dir/data.csv"
  name="${table//_/-}"  # model names are lower-case letters, digits and dashes
  printf 'name: %s\ntype: %s\ndata: { source: data.csv }\ntarget: %s\n' "$name" "$type" "$target" > "$dir/ferry.yaml"
  start=$(date +%s.%N)
  (cd "$dir" && "$root/ferry" train ferry.yaml --json > ferry.json 2> ferry.err)
  status=$?
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  if [ ! -f "$dir/.ferry/models/$name/v1/holdout.json" ] || ! "$python" -c "import json,sys; json.load(open(sys.argv[1]))['metrics']" "$dir/ferry.json" 2> /dev/null; then
    printf '%-14s %-25s ferry FAILED (exit %s): %s\n' "$table" "$type" "$status" "$(tr '\n' ' ' < "$dir/ferry.err" | cut -c1-300)"
    continue
  fi
  line=$("$python" "$here/pipelines.py" score "$table" "$dir/data.csv" "$target" "$type" \
    "$dir/.ferry/models/$name/v1/holdout.json" "$dir/ferry.json" "$seconds" 2>&1 | tr '\n' ' ')
  echo "$line"
  case "$line" in *" ok"*) ok=$((ok + 1)) ;; esac
done
echo "ferry at or above the best scikit-learn pipeline within one test row (0.01 R2): $ok of $total tables"
