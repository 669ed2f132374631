"""Class breaks for choropleths: Fisher-Jenks (mapclassify), five classes, fewer when values are few.

The build precomputes breaks for every bundled indicator and year (data/classes.csv), so the app imports mapclassify
(and with it SciPy, ~1 s) only for a user's uploaded figures.
"""

from __future__ import annotations

import warnings

import numpy as np

K = 5


def breaks(values) -> list[float]:
    """Upper bounds of up to five classes; with five or fewer distinct values, one class per value."""
    values = np.asarray([v for v in values if v == v], dtype=float)
    uniq = np.unique(values)
    if len(uniq) <= K:
        return uniq.tolist()
    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed": the pure-Python path is fast enough for 41 values
        return [float(b) for b in mapclassify.FisherJenks(values, k=K).bins]
