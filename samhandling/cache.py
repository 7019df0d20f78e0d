"""Django's database cache, with `set` as one PostgreSQL statement.

Django's own `set` counts the whole table (to decide whether to cull) and then reads, updates
or inserts the row in a transaction: three statements, five inside a request's savepoint.
The front page's cold render paid them on top of its own queries. Here `set` is a single
upsert, and the expired entries are deleted, in the same statement, on about one write in CULL_ONE_IN (the table
holds a handful of entries: the front page's, one a language). `add`, `touch`, reads and
deletes are Django's.
"""

import base64
import pickle
import random
from datetime import UTC, datetime
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils import timezone

CULL_ONE_IN = 100


class DatabaseCache(DjangoDatabaseCache):
    def _base_set(self, mode: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> bool:
        if mode != "set":
            return super()._base_set(mode, key, value, timeout)  # type: ignore[misc]  # not in the stubs
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # not in the stubs
        # A text column, as Django's own backend stores it (and reads it back).
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        # The upsert leaves no race between two writers of one key, which is what Django's
        # backend swallows DatabaseError for; any other error is a real one.
        # On about one write in CULL_ONE_IN the expired entries are deleted by the same statement
        # (a data-modifying WITH), so a page's query count does not depend on the draw.
        sweep = ""
        parameters: list[Any] = [
            key,
            encoded,
            connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0)),
        ]
        if random.randrange(CULL_ONE_IN) == 0:
            sweep = f"WITH swept AS (DELETE FROM {table} WHERE expires < %s AND cache_key <> %s) "
            parameters = [timezone.now(), key, *parameters]
        with connection.cursor() as cursor:
            cursor.execute(
                f"{sweep}INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                parameters,
            )
        return True
