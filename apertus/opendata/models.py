"""What the open-data machinery keeps: the data version (what caches are keyed on) and the private
calendar addresses of fellows."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row: a counter that goes up after every committed change to published data.

    The catalogue, the data packages, the feeds and the API's ETags are cached under it, so a change
    shows at once and an unchanged catalogue costs one query.
    """

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(_("último cambio"))

    class Meta:
        verbose_name = _("versión de los datos")
        verbose_name_plural = _("versión de los datos")

    def __str__(self) -> str:
        return f"{self.counter} ({self.changed_at:%Y-%m-%d %H:%M})"


class CalendarToken(models.Model):
    """A fellow's private calendar address (course deadlines, extensions). Revoking it retires the
    address at once; a new one can be made at any time. Only a hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens", verbose_name=_("persona")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendario privado")
        verbose_name_plural = _("calendarios privados")

    def __str__(self) -> str:
        return f"{self.user_id} ({'revocado' if self.revoked_at else 'activo'})"

    @staticmethod
    def digest(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "cal_" + secrets.token_urlsafe(24)
