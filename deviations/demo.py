"""Demo data for deviations (idempotent). Filled in by the deviations issue."""


def load(stdout=None):
    pass
