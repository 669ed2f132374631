"""The app's building blocks: the page template, figures, maps, data loader, state, translations (README)."""

import os

# numpy's OpenBLAS starts a thread per core when it is imported (~50 ms of a cold start here, more on a busy
# machine); the app does no matrix algebra, so one thread is all it needs. Set before anything imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
