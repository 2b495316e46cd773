"""The person behind a session, read once per content version instead of once per request.

allauth's backend (``ModelBackend.get_user``) reads the person on every request. Here the row is
kept under the content version (``core/cache.py``): any write to a person (a new password, the
session stamp a revocation rotates, a disabled account, a profile change) or to anything else makes
the next request read it afresh, so the session check (``get_session_auth_hash``) and every
permission are never answered from an outdated row. A log-in only stamps ``last_login``, which does
not change the version: the kept row may carry an older ``last_login``, which no page shows (the
personal-data download reads it from the database).
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from apertus.core.cache import versioned


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        user = versioned("person", [user_id], lambda: self._read_user(user_id) or False)
        return user or None

    def _read_user(self, user_id):
        return super().get_user(user_id)
