"""Demo data for portal (idempotent). Filled in by the portal issue."""


def load(stdout=None):
    pass
