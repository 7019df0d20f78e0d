# Deviation, its events and notifications: see the deviation reporting issue.
