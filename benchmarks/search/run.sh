#!/usr/bin/env bash
# The same grid, 12 settings x 5-fold CV = 60 fits then a refit, on breast_cancer with `ferry train` and with
# scikit-learn's GridSearchCV (n_jobs=2), one after the other, for two families:
#   forest:  trees [50, 100, 200] x max_leaves [16, 64] x max_features [0.3, 0.7]      (RandomForestClassifier)
#   boosted: trees [50, 100, 200] x learning_rate [0.05, 0.1] x max_leaves [15, 31]    (HistGradientBoostingClassifier)
# Prints both wall times, the scikit-learn / Ferry ratio, and both scores, per grid. Needs Debian's python3-sklearn and
# python3-pandas.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/tests/data/breast_cancer.csv" "$work/"
"$root/ferry" --help > /dev/null  # build first: the build is not measured

grid() {
  local family="$1" params="$2" dir="$work/$1"
  mkdir -p "$dir"
  cp "$work/breast_cancer.csv" "$dir/"
  cat > "$dir/ferry.yaml" <<YAML
name: grid-$family
type: binary-classification
data: { source: breast_cancer.csv }
target: target
train:
  candidates: [$family]
  ensemble: false                     # GridSearchCV refits the best setting only: the same work
  search:
    kind: grid
    cv: 5
    params: { $family: $params }
YAML
  local start end ferry_seconds ferry_cv ferry_test sklearn sklearn_seconds sklearn_cv
  start=$(date +%s.%N)
  (cd "$dir" && "$root/ferry" train ferry.yaml --json > ferry.json)
  end=$(date +%s.%N)
  ferry_seconds=$(echo "$end - $start" | bc)
  read -r ferry_cv ferry_test < <(/usr/bin/python3 -c "import json; d = json.load(open('$dir/ferry.json')); print(round(d['leaderboard'][0]['mean'], 4), round(d['metrics']['accuracy'], 4))")
  sklearn=$(/usr/bin/python3 "$here/gridsearch.py" "$family" "$dir/breast_cancer.csv" target "$dir/.ferry/models/grid-$family/v1/holdout.json")
  sklearn_seconds=$(echo "$sklearn" | sed -E 's/.*seconds=([0-9.]+).*/\1/')
  sklearn_cv=$(echo "$sklearn" | sed -E 's/.*cv_accuracy=([0-9.]+).*/\1/')
  echo "$family grid:"
  printf '  ferry:        seconds=%.2f cv_accuracy=%s test_accuracy=%s\n' "$ferry_seconds" "$ferry_cv" "$ferry_test"
  echo "  scikit-learn: $sklearn"
  printf '  wall-time ratio scikit-learn / ferry: %.2f; best cv accuracy ferry - scikit-learn: %+.4f\n' \
    "$(echo "scale=4; $sklearn_seconds / $ferry_seconds" | bc)" "$(echo "$ferry_cv - $sklearn_cv" | bc)"
}

grid forest "{ trees: [50, 100, 200], max_leaves: [16, 64], max_features: [0.3, 0.7] }"
grid boosted "{ trees: [50, 100, 200], learning_rate: [0.05, 0.1], max_leaves: [15, 31] }"
