"""Ranking metrics of the risk-scoring benchmark, numpy only (the Swift side computes the same).

* auc: the probability that a random fraud scores above a random honest row, from ranks
  (Mann-Whitney U); tied scores get the average of their ranks, so a tie counts one half.
  NaN when the rows hold no fraud or no honest row.
* top_rows(scores, k): the ceil(k % x rows) highest-scoring rows (k = 1 on 20,000 rows is 200,
  computed exactly, without floating-point error), ordered by score descending; rows of equal
  score keep their input order (a stable sort), so on a tie at the cut the earlier rows win.
* precision_at(labels, scores, k): share of frauds among top_rows(k).
* revenue_recall_at(revenue, scores, k): revenue lost in top_rows(k) / all revenue lost;
  NaN when the rows lost no revenue.
"""

import math
from fractions import Fraction

import numpy as np


def auc(labels, scores):
    labels = np.asarray(labels) != 0
    scores = np.asarray(scores, dtype=np.float64)
    pos = int(labels.sum())
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    # tie groups in the sorted scores: [start, end), average 1-based rank (start + 1 + end) / 2
    starts = np.flatnonzero(np.concatenate([[True], s[1:] != s[:-1]]))
    ends = np.concatenate([starts[1:], [len(s)]])
    group_rank = (starts + 1 + ends) / 2.0
    ranks = np.empty(len(s))
    ranks[order] = np.repeat(group_rank, ends - starts)
    u = ranks[labels].sum() - pos * (pos + 1) / 2.0
    return float(u / (pos * neg))


def top_count(rows, k_percent):
    return min(rows, math.ceil(Fraction(str(k_percent)) * rows / 100))


def top_rows(scores, k_percent):
    scores = np.asarray(scores, dtype=np.float64)
    n = top_count(len(scores), k_percent)
    return np.argsort(-scores, kind="stable")[:n]


def precision_at(labels, scores, k_percent):
    top = top_rows(scores, k_percent)
    if len(top) == 0:
        return float("nan")
    return float((np.asarray(labels)[top] != 0).mean())


def revenue_recall_at(revenue, scores, k_percent):
    revenue = np.asarray(revenue, dtype=np.float64)
    total = revenue.sum()
    if total <= 0:
        return float("nan")
    return float(revenue[top_rows(scores, k_percent)].sum() / total)


def summary(labels, revenue, scores):
    """The metrics of the benchmark's JSON line, NaN as None (JSON null)."""
    def clean(x):
        return None if math.isnan(x) else round(x, 6)
    return {
        "auc": clean(auc(labels, scores)),
        "precision_at_1": clean(precision_at(labels, scores, 1)),
        "precision_at_5": clean(precision_at(labels, scores, 5)),
        "revenue_recall_at_1": clean(revenue_recall_at(revenue, scores, 1)),
        "revenue_recall_at_5": clean(revenue_recall_at(revenue, scores, 5)),
    }


if __name__ == "__main__":  # self-check on small cases with known answers
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assert auc([0, 1], [0.5, 0.5]) == 0.5
    assert auc([1, 0, 1, 0], [1, 1, 1, 0]) == (0.5 + 1 + 0.5 + 1) / 4  # a tie counts one half
    assert math.isnan(auc([1, 1], [0.1, 0.2]))
    assert top_count(20_000, 1) == 200 and top_count(20_001, 1) == 201 and top_count(7, 5) == 1
    assert list(top_rows([0.2, 0.9, 0.9, 0.1], 50)) == [1, 2]
    assert precision_at([0, 1, 0, 1], [0.2, 0.9, 0.9, 0.1], 50) == 0.5
    assert revenue_recall_at([0, 30, 0, 10], [0.2, 0.9, 0.9, 0.1], 50) == 0.75
    rng = np.random.default_rng(0)
    y = rng.random(2000) < 0.1
    x = np.round(rng.normal(size=2000) + y, 1)  # many ties
    pairs = (x[y][:, None] > x[~y][None, :]).mean() + 0.5 * (x[y][:, None] == x[~y][None, :]).mean()
    assert abs(auc(y, x) - pairs) < 1e-12
    print("metrics: ok")
