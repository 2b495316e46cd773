"""The site's URLs plus the public privacy notice, which the integrator mounts at /privacidad/.

Once apertus/urls.py has ``path("privacidad/", privacy_notice, name="privacy")`` this is
redundant (the first match wins, and it is the same view) and can go.
"""

from django.urls import path

from apertus.accounts.views import privacy_notice
from apertus.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("privacidad/", privacy_notice, name="privacy"), *site_urlpatterns]
