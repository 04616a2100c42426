"""scikit-learn's counterpart of each Ferry candidate, with the same hyperparameters, on the split a
Ferry run recorded (holdout.json: trainRows and testRows). Features are standard-scaled as Ferry does.

Usage (Debian's python3 with python3-sklearn and python3-pandas):
  /usr/bin/python3 benchmarks/sklearn/candidates_holdout.py DATA.csv TARGET HOLDOUT.json
Prints one line per candidate: name and test accuracy.

A DecisionTreeClassifier's only randomness is how it breaks ties between equally good splits (it tries the features
in a random order), and on small data such ties decide test rows: on the iris split random_state 0 gives 1.0 and most
others 0.9667. Its line therefore gives the median over random_state 0..49, with the lowest and highest.

`mlp` is MLPClassifier as scikit-learn defaults it (no early stopping: up to max_iter epochs, stopping when the training
loss stalls). Ferry stops early on the validation loss; scikit-learn's `early_stopping=True` watches validation accuracy
instead, which on iris's 12 validation rows stalls at once and stops after about 20 epochs (0.63 to 0.90 over seeds), so
it is printed for reference only (`mlp-early-stopping`).
"""
import json
import sys

import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

CANDIDATES = {
    "logistic": LogisticRegression(C=1.0, max_iter=1000),
    "tree": DecisionTreeClassifier(max_leaf_nodes=64, min_samples_leaf=2, random_state=0),
    "forest": RandomForestClassifier(n_estimators=100, max_leaf_nodes=64, min_samples_leaf=2, max_features=0.7, random_state=0),
    "boosted": HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, random_state=0),
    "mlp": MLPClassifier(hidden_layer_sizes=(64,), batch_size=32, learning_rate_init=0.001, alpha=0.0001, max_iter=200,
                         random_state=0),
    "mlp-early-stopping": MLPClassifier(hidden_layer_sizes=(64,), batch_size=32, learning_rate_init=0.001, alpha=0.0001,
                                        max_iter=200, early_stopping=True, validation_fraction=0.1, n_iter_no_change=10,
                                        random_state=0),
}

TIE_SEEDS = 50


def main(data_path, target, holdout_path):
    data = pd.read_csv(data_path)
    with open(holdout_path) as f:
        holdout = json.load(f)
    train, test = data.iloc[holdout["trainRows"]], data.iloc[holdout["testRows"]]
    features = [c for c in data.columns if c != target]
    def accuracy(estimator):
        model = make_pipeline(StandardScaler(), estimator).fit(train[features], train[target])
        return (model.predict(test[features]) == test[target]).mean()

    for name, estimator in CANDIDATES.items():
        if name == "tree":
            runs = sorted(accuracy(clone(estimator).set_params(random_state=seed)) for seed in range(TIE_SEEDS))
            print(f"{name} accuracy={runs[TIE_SEEDS // 2]:.6f} (median over random_state 0..{TIE_SEEDS - 1}; {runs[0]:.6f} to {runs[-1]:.6f})")
        else:
            print(f"{name} accuracy={accuracy(estimator):.6f}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
