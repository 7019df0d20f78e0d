"""Demo data for agreements (idempotent). Filled in by the agreements issue."""


def load(stdout=None):
    pass
