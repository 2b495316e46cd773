"""/api/docs without the internet: Swagger UI served by the platform itself (static/vendor/swagger-ui),
started by a script file, so the Content-Security-Policy (scripts and styles from 'self' only) allows it."""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class OfflineSwagger(Swagger):
    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": json.dumps(settings)})
