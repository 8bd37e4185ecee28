"""Array helpers shared by the search and writing indexes."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a one-dimensional array: ``np.unique(values)`` by a sort.

    numpy 2.4's ``np.unique`` without ``return_*`` takes a hash-table path that costs about a second
    for two million integers, a hundred times a sort (bench/ingest.py); every large call goes here.
    """
    if len(values) == 0:
        return np.sort(values)
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
