"""The reporter's secret link, kept as a password-equivalent.

The link /avvik/kvittering/<token>/ is the only key to a report for a reporter without a
login, so the database never holds the token: only its SHA-256 digest, for the lookup.

The token is not stored in plain text anywhere, yet the portal needs it again after the
request that created the report is gone: when the same form is posted a second time
(a retry after a time-out may never have received the first redirect or a cookie) and
when the e-mail outbox retries the receipt mail hours later. So the token is derived,
not drawn: an HMAC, under the SECRET_KEY, of the digest of the form's one-time
submission key (a random UUID that only the reporter's browser has seen). The
database holds that digest and the token's digest; neither gives the token without
the SECRET_KEY, and posting the stored digest as a submission key gives nothing (it
is hashed again). The randomness is the UUID's 122 bits from os.urandom.
"""

import base64
import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "deviations.tracking_token"
# token_urlsafe(32) and our tokens are 43 characters; anything much longer is not ours.
MAX_TOKEN_LENGTH = 64


def digest(value: str) -> str:
    """Hex SHA-256 of a secret, for storing and looking it up without keeping it."""
    return hashlib.sha256(value.encode()).hexdigest()


def submission_digest(submission_key) -> str:
    return digest(str(submission_key))


def derive_token(submission_digest_value: str, secret: str | bytes | None = None) -> str:
    mac = salted_hmac(_SALT, submission_digest_value, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def token_for(submission_digest_value: str, token_digest: str) -> str | None:
    """The token whose digest is stored, derived under the current or an older SECRET_KEY.

    Returns None when no key derives it (the key it was made with has been retired).
    """
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        token = derive_token(submission_digest_value, secret)
        if hmac.compare_digest(digest(token), token_digest):
            return token
    return None
