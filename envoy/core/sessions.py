"""Who is asking: the session and the signed-in user, read on every request with queries
compiled once (``core/lib/prepared.py``).

They are the two queries every page makes before it does anything of its own; built by the
ORM each time, they were about a tenth of a mission page. Nothing else changes: sessions
stay in the database (a sign-out ends them on the server), and a user whose password
changed or who was deactivated is signed out as before.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from envoy.core.lib.prepared import Prepared

_SESSION = Prepared(lambda key: Session.objects.filter(session_key=key), kinds=(str,))
_USER = Prepared(lambda pk: get_user_model()._default_manager.filter(pk=pk))


class SessionStore(db.SessionStore):
    """Django's database sessions (``SESSION_ENGINE = "envoy.core.sessions"``)."""

    def _get_session_from_db(self):
        found = _SESSION(self.session_key, using=self.model.objects.db)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None


class AccountBackend(ModelBackend):
    """Django's username-and-password sign-in; only the look-up of the signed-in user on
    each request is prepared."""

    def get_user(self, user_id):
        found = _USER(user_id)
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None
