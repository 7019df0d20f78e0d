"""What higher apps may add to the contact pages (see samhandling.panels).

Each signal is sent by the page's view with the keyword arguments named below and `sender`
set to the model class. Receivers return HTML (usually render_to_string(..., request=request))
or "" when they have nothing to show to this user; they must keep to a fixed number of
queries, as the pages' query budgets count them.
"""

from django.dispatch import Signal

organisation_details = Signal()
"""Rows for the details list of an organisation's page: `<dt>`/`<dd>` pairs in its grid
(`col-sm-4` / `col-sm-8`). Keyword arguments: `organisation`, `request`."""

body_sections = Signal()
"""Sections for a body's page, shown after its mandate: each a `<section class="mt-4">` with an
`h2 class="h4"` heading. Keyword arguments: `body`, `request`."""
