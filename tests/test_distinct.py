"""sucai.writing.text.distinct is np.unique by a sort: same values, same order, same dtype."""

from __future__ import annotations

import numpy as np
import pytest

from sucai.writing.text import distinct


@pytest.mark.parametrize("dtype", [np.uint32, np.int64, np.uint64])
def test_distinct_equals_numpy_unique(dtype: type) -> None:
    rng = np.random.default_rng(7)
    for size, high in ((0, 5), (1, 5), (50, 4), (5000, 1000), (5000, 2**31)):
        values = rng.integers(0, high, size).astype(dtype)
        got = distinct(values)
        assert got.dtype == values.dtype
        assert np.array_equal(got, np.unique(values))
