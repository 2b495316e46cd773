from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "apertus.organizations"
    label = "organizations"
    verbose_name = _("Organizaciones")

    def ready(self):
        from apertus.organizations import rules  # noqa: F401
