"""The scikit-learn side of benchmarks/models/run.sh, and its generated tables.

  /usr/bin/python3 benchmarks/models/pipelines.py generate NAME OUT.csv
      writes a generated table with a known answer (fixed seed): `signal` (binary: a logistic model of
      numeric, interacting, periodic and categorical effects, with missing values in a noise column)
      or `friedman` (regression: Friedman #1 with unit noise and five noise columns).
  /usr/bin/python3 benchmarks/models/pipelines.py export NAME OUT.csv
      writes one of the real tables scikit-learn ships with its code (no download): `digits` (8x8 images of
      handwritten digits, 10 classes), `wine` (three cultivars, 13 chemical measurements) or `diabetes` (disease
      progression after a year, 10 baseline measurements; regression).
  /usr/bin/python3 benchmarks/models/pipelines.py score TABLE DATA.csv TARGET TYPE HOLDOUT.json FERRY.json FERRY_SECONDS
      fits three plain pipelines (SimpleImputer + OneHotEncoder(handle_unknown='ignore') for text columns,
      then HistGradientBoosting, RandomForest or a linear model) on Ferry's train rows (holdout.json), scores
      them on Ferry's test rows with Ferry's default success metric (accuracy; rmse for regression) and prints
      one line beside Ferry's score. Needs Debian's python3-sklearn and python3-pandas.

A table counts as `ok` when Ferry is at or above the best pipeline minus one test row (1/test_rows of accuracy)
or, for regression, minus 0.01 R2.
"""
import json
import math
import sys
import time

import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 20261202


def signal(rows=3000):
    rng = np.random.default_rng(SEED)
    x = rng.normal(size=(rows, 5))
    levels = np.array(["north", "south", "east", "west", "centre"])
    effects = np.array([1.0, -1.0, 0.5, -0.5, 0.0])
    region = rng.integers(0, len(levels), size=rows)
    logit = 1.5 * x[:, 0] - x[:, 1] + x[:, 2] * x[:, 3] + np.sin(2 * x[:, 4]) + effects[region]
    probability = 1 / (1 + np.exp(-2 * logit))
    label = np.where(rng.random(rows) < probability, "yes", "no")
    noise = rng.normal(size=rows)
    noise[rng.random(rows) < 0.1] = np.nan
    table = pd.DataFrame({f"x{i + 1}": x[:, i] for i in range(5)})
    table["region"] = levels[region]
    table["noise"] = noise
    table["label"] = label
    best = np.where(probability >= 0.5, "yes", "no")
    return table, "label", best


def friedman(rows=2000):
    rng = np.random.default_rng(SEED)
    x = rng.random(size=(rows, 10))
    truth = 10 * np.sin(np.pi * x[:, 0] * x[:, 1]) + 20 * (x[:, 2] - 0.5) ** 2 + 10 * x[:, 3] + 5 * x[:, 4]
    table = pd.DataFrame({f"x{i + 1}": x[:, i] for i in range(10)})
    table["y"] = truth + rng.normal(size=rows)
    return table, "y", truth


GENERATED = {"signal": signal, "friedman": friedman}


def shipped(name):
    loaders = {"digits": datasets.load_digits, "wine": datasets.load_wine, "diabetes": datasets.load_diabetes}
    bunch = loaders[name](as_frame=True)
    table = bunch.frame.rename(columns={"target": "y"})
    if name != "diabetes":
        table["y"] = "class_" + table["y"].astype(str)
    return table


def pipelines(type_, features):
    text = [c for c in features.columns if features[c].dtype == object]
    numbers = [c for c in features.columns if c not in text]
    def prepare(scale):
        numeric = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
        categorical = [SimpleImputer(strategy="constant", fill_value="missing"),
                       OneHotEncoder(handle_unknown="ignore", sparse_output=False)]
        return ColumnTransformer([("numbers", make_pipeline(*numeric), numbers),
                                  ("text", make_pipeline(*categorical), text)])
    if type_ == "regression":
        models = {"hist_gradient_boosting": HistGradientBoostingRegressor(random_state=0),
                  "random_forest": RandomForestRegressor(random_state=0, n_jobs=2),
                  "ridge": Ridge()}
    else:
        models = {"hist_gradient_boosting": HistGradientBoostingClassifier(random_state=0),
                  "random_forest": RandomForestClassifier(random_state=0, n_jobs=2),
                  "logistic": LogisticRegression(max_iter=1000)}
    return {name: make_pipeline(prepare(name in ("ridge", "logistic")), model) for name, model in models.items()}


def score(table, data_path, target, type_, holdout_path, ferry_path, ferry_seconds):
    regression = type_ == "regression"
    metric = "rmse" if regression else "accuracy"
    with open(ferry_path) as f:
        ferry = json.load(f)
    ferry_score = ferry["metrics"][metric]
    ferry_r2 = ferry["metrics"].get("r2")
    line = f"{table:<14} {type_:<25} {metric:<8} ferry={ferry_score:<9.4f}({ferry['candidate']}) "
    try:
        data = pd.read_csv(data_path)
        with open(holdout_path) as f:
            holdout = json.load(f)
        train, test = data.iloc[holdout["trainRows"]].copy(), data.iloc[holdout["testRows"]].copy()
        features = [c for c in data.columns if c != target]
        for frame in (train, test):
            bools = [c for c in features if frame[c].dtype == bool]
            frame[bools] = frame[bools].astype(float)
        results = {}
        start = time.perf_counter()
        for name, model in pipelines(type_, train[features]).items():
            model.fit(train[features], train[target] if regression else train[target].astype(str))
            predicted = model.predict(test[features])
            if regression:
                results[name] = (math.sqrt(mean_squared_error(test[target], predicted)), r2_score(test[target], predicted))
            else:
                results[name] = ((predicted == test[target].astype(str)).mean(), None)
        sklearn_seconds = time.perf_counter() - start
    except Exception as error:  # a failing table prints its error and the run goes on
        print(line + f"sklearn FAILED: {type(error).__name__}: {error}".replace("\n", " "))
        return
    best = min(results, key=lambda n: results[n][0]) if regression else max(results, key=lambda n: results[n][0])
    best_score, best_r2 = results[best]
    if regression:
        gap = ferry_r2 - best_r2
        ok = gap >= -0.01
        detail = f"r2 {ferry_r2:.4f} vs {best_r2:.4f}, gap_r2={gap:+.4f}"
    else:
        gap = ferry_score - best_score
        ok = gap >= -1 / len(test) - 1e-12
        detail = f"one row={1 / len(test):.4f}"
    known = ""
    if table in GENERATED:
        _, _, truth = GENERATED[table]()
        truth = truth[holdout["testRows"]]
        known = (f" known best: rmse={math.sqrt(mean_squared_error(test[target], truth)):.4f} r2={r2_score(test[target], truth):.4f}"
                 if regression else f" known best (Bayes) accuracy={(truth == test[target]).mean():.4f}")
    print(line + f"sklearn={best_score:<9.4f}({best}) gap={ferry_score - best_score:+.4f} ({detail}) "
          f"ferry_s={float(ferry_seconds):.1f} sklearn_s={sklearn_seconds:.1f} test_rows={len(test)} "
          f"{'ok' if ok else 'BELOW'}{known}")


def main(argv):
    if argv[0] == "generate":
        table, _, _ = GENERATED[argv[1]]()
        table.to_csv(argv[2], index=False)
    elif argv[0] == "export":
        shipped(argv[1]).to_csv(argv[2], index=False)
    elif argv[0] == "score":
        score(*argv[1:8])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
