"""Extension points between the apps: a lower app's page shows panels a higher app provides.

The apps depend in one direction only (samhandling <- contacts <- agreements <- deviations <-
portal; see README, Architecture). When a page of a lower app should show something a higher
app knows, such as the overdue deviations on an organisation's page, the lower app defines a
signal in its `panels` module and its view renders whatever the receivers return with
`render_panels`. The higher app connects its receiver in its AppConfig.ready(), so the lower
app never imports it and works the same without it.
"""

from typing import Any

from django.dispatch import Signal
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def render_panels(signal: Signal, sender: type, **kwargs: Any) -> SafeString:
    """The HTML each receiver of `signal` returned, in the order they were connected.

    Receivers return rendered HTML (render_to_string) or "" for nothing to show. A plain
    string that was not marked safe is escaped, so a receiver cannot inject markup by mistake.
    """
    parts = [conditional_escape(html) for _receiver, html in signal.send(sender=sender, **kwargs) if html]
    return mark_safe("".join(parts))  # each part is escaped or already safe
