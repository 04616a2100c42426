"""scikit-learn's GridSearchCV over the same grid as benchmarks/search/run.sh gives Ferry, on the same
train/test split (Ferry's holdout.json), 5-fold stratified, both cores. Prints wall seconds, the best
CV accuracy, its parameters and the refitted winner's test accuracy.
  /usr/bin/python3 benchmarks/search/gridsearch.py forest|boosted DATA.csv TARGET HOLDOUT.json

forest:  RandomForestClassifier, Ferry's forest grid (trees x max_leaves x max_features).
boosted: HistGradientBoostingClassifier (LightGBM's algorithm: 255 histogram bins, leaf-wise growth), Ferry's boosted
         grid with its parameter names mapped: trees -> max_iter, learning_rate, max_leaves -> max_leaf_nodes;
         min_samples_leaf 20 and l2_regularization 0 as Ferry's defaults; no early stopping (Ferry runs every round).
"""
import json
import sys
import time

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

GRIDS = {
    "forest": (RandomForestClassifier(min_samples_leaf=2, random_state=0), {
        "model__n_estimators": [50, 100, 200],
        "model__max_leaf_nodes": [16, 64],
        "model__max_features": [0.3, 0.7],
    }),
    "boosted": (HistGradientBoostingClassifier(min_samples_leaf=20, l2_regularization=0.0, early_stopping=False,
                                               random_state=0), {
        "model__max_iter": [50, 100, 200],
        "model__learning_rate": [0.05, 0.1],
        "model__max_leaf_nodes": [15, 31],
    }),
}


def main(family, data_path, target, holdout_path):
    data = pd.read_csv(data_path)
    with open(holdout_path) as f:
        holdout = json.load(f)
    train, test = data.iloc[holdout["trainRows"]], data.iloc[holdout["testRows"]]
    features = [c for c in data.columns if c != target]
    model, grid = GRIDS[family]
    pipeline = Pipeline([("scale", StandardScaler()), ("model", model)])
    start = time.perf_counter()
    search = GridSearchCV(pipeline, grid, cv=StratifiedKFold(5, shuffle=True, random_state=42), scoring="accuracy", n_jobs=2)
    search.fit(train[features], train[target])
    seconds = time.perf_counter() - start
    accuracy = (search.predict(test[features]) == test[target]).mean()
    print(f"seconds={seconds:.2f} cv_accuracy={search.best_score_:.4f} test_accuracy={accuracy:.4f} best={search.best_params_}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
