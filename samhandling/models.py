from django.db import models


class RateCounter(models.Model):
    """One fixed window of one rate limit: how many times `key` used `scope` since `window_start`.

    Counted by samhandling.ratelimit in a single INSERT ... ON CONFLICT statement, so that
    concurrent requests in different workers never read the same count.
    """

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="ratecounter_one_row_per_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window_start")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
