"""Reference trees for Ferry's CART (tests/Ferry.Core.Tests/Training/CartTrainerTests.cs): scikit-learn's
DecisionTreeClassifier and DecisionTreeRegressor with max_leaf_nodes on generated data whose features are
continuous and leaves hold several rows, so no two splits tie: the script checks that random_state 0..9 grow the
same tree, so the reference does not depend on scikit-learn's random feature order.

Usage (Debian's python3 with python3-sklearn):
  /usr/bin/python3 benchmarks/sklearn/cart_reference.py tests/data/cart
Writes DIR/data.csv (x0..x3, class, value) and DIR/trees.json (each tree's nodes in scikit-learn's order).
"""
import json
import sys

import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROWS = 400
CONFIGURATIONS = [(8, 3), (16, 5)]
TIE_SEEDS = 10


def nodes(model, classification):
    tree = model.tree_
    result = []
    for i in range(tree.node_count):
        value = tree.value[i][:, 0] if not classification else tree.value[i][0] / tree.value[i][0].sum()
        result.append({
            "feature": int(tree.feature[i]) if tree.children_left[i] >= 0 else -1,
            "threshold": float(tree.threshold[i]) if tree.children_left[i] >= 0 else 0.0,
            "left": int(tree.children_left[i]),
            "right": int(tree.children_right[i]),
            "value": [float(v) for v in value],
        })
    return result


def same(a, b):
    """Same structure and thresholds; values may differ in the last bits (sums in another row order)."""
    return len(a) == len(b) and all(
        (x["feature"], x["left"], x["right"], x["threshold"]) == (y["feature"], y["left"], y["right"], y["threshold"])
        and np.allclose(x["value"], y["value"], rtol=0, atol=1e-12) for x, y in zip(a, b))


def main(directory):
    random = np.random.RandomState(7)
    x = random.normal(size=(ROWS, 4)).astype(np.float32)
    noise = random.uniform(size=ROWS)
    label = np.where(x[:, 0] > 0.3, 2, np.where(x[:, 1] + 0.5 * x[:, 2] > 0, 1, 0))
    label = np.where(noise < 0.1, (label + 1) % 3, label)
    value = 3 * x[:, 0] - 2 * (x[:, 1] > 0) + x[:, 2] * x[:, 3] + random.normal(scale=0.3, size=ROWS)
    with open(f"{directory}/data.csv", "w") as f:
        f.write("x0,x1,x2,x3,class,value\n")
        for i in range(ROWS):
            f.write(",".join(repr(float(v)) for v in x[i]) + f",{label[i]},{value[i]!r}\n")
    trees = {}
    for leaves, min_leaf in CONFIGURATIONS:
        for kind, estimator, target in [("classifier", DecisionTreeClassifier, label), ("regressor", DecisionTreeRegressor, value)]:
            grown = [nodes(estimator(max_leaf_nodes=leaves, min_samples_leaf=min_leaf, random_state=seed).fit(x, target), kind == "classifier")
                     for seed in range(TIE_SEEDS)]
            if any(not same(tree, grown[0]) for tree in grown):
                sys.exit(f"{kind} max_leaf_nodes={leaves} min_samples_leaf={min_leaf}: the tree depends on random_state (tied splits)")
            trees[f"{kind}_{leaves}_{min_leaf}"] = grown[0]
    with open(f"{directory}/trees.json", "w") as f:
        json.dump(trees, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
