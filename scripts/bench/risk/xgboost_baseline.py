#!/usr/bin/env python3
"""XGBoost reference on the features the Swift risk benchmark writes.

Usage: xgboost_baseline.py --features PATH.csv [--seed S] [--trees N] [--depth D] [--eta E]
       [--threads T]

The features CSV has the header `split,label,revenue,<feature columns...>`: split is `train` or
`test`, label 0/1, revenue the revenue lost (USD), every feature numeric, an empty cell missing
(NaN, which XGBoost routes by its learned default direction); an infinite value is refused,
XGBoost does not accept it. The model is
XGBClassifier(tree_method="hist", max_depth=6, learning_rate=0.1, n_estimators=300,
subsample=1.0, min_child_weight=1, reg_lambda=1, n_jobs=2, random_state=seed), trained on the
train rows; the test rows are scored and one JSON object goes to stdout:
{"model","train_seconds","score_seconds","auc","precision_at_1","precision_at_5",
 "revenue_recall_at_1","revenue_recall_at_5","test_rows","test_frauds"} (metrics.py defines them).
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import xgboost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics  # noqa: E402


def load(path):
    """(split is test, label, revenue, features float32, feature names).

    pandas' C parser reads a million rows of a few dozen columns in seconds where
    numpy.loadtxt takes minutes (it parses in Python); asking it for float32 per column halves
    the feature matrix next to float64 and empty cells arrive as NaN without any special
    handling. Only the header is read first, to build that dtype map.
    """
    names = pd.read_csv(path, nrows=0).columns.tolist()
    if names[:3] != ["split", "label", "revenue"] or len(names) < 4:
        raise SystemExit(f"{path}: the header must start with split,label,revenue and name at least one feature")
    features = names[3:]
    dtypes = {"split": "category", "label": np.int8, "revenue": np.float64}
    dtypes.update({f: np.float32 for f in features})
    frame = pd.read_csv(path, dtype=dtypes, engine="c", na_values=[""], keep_default_na=False)
    split = frame["split"].astype(str).to_numpy()
    bad = set(np.unique(split)) - {"train", "test"}
    if bad:
        raise SystemExit(f"{path}: unknown split values {sorted(bad)}")
    test = split == "test"
    label = frame["label"].to_numpy()
    revenue = frame["revenue"].to_numpy()
    x = frame[features].to_numpy(dtype=np.float32)
    infinite = np.isinf(x).any(axis=0)
    if infinite.any():  # XGBoost refuses them; only an empty cell means missing
        bad = [f for f, i in zip(features, infinite) if i]
        raise SystemExit(f"{path}: infinite values in {', '.join(bad)} (write an empty cell for a missing value)")
    return test, label, revenue, x, features


def main(argv=None):
    ap = argparse.ArgumentParser(description="XGBoost reference for the customs risk benchmark.")
    ap.add_argument("--features", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    test, label, revenue, x, _ = load(args.features)
    train = ~test
    if not train.any() or not test.any():
        raise SystemExit("need both train and test rows")
    model = xgboost.XGBClassifier(
        tree_method="hist", max_depth=args.depth, learning_rate=args.eta, n_estimators=args.trees,
        subsample=1.0, min_child_weight=1, reg_lambda=1, n_jobs=args.threads,
        random_state=args.seed, verbosity=0)
    x_train, y_train = x[train], label[train]
    x_test = x[test]
    del x
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - t0
    del x_train, y_train
    t0 = time.perf_counter()
    scores = model.predict_proba(x_test)[:, 1]
    score_seconds = time.perf_counter() - t0

    y_test, rev_test = label[test], revenue[test]
    result = {"model": "xgboost", "train_seconds": round(train_seconds, 3),
              "score_seconds": round(score_seconds, 3)}
    result.update(metrics.summary(y_test, rev_test, scores))
    result.update({"test_rows": int(test.sum()), "test_frauds": int((y_test != 0).sum())})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
