"""The site's fixed pages, indexed in Spanish and English from their own templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape as unescape_entities

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from apertus.core.searchable import Doc, IndexedType

MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)


@dataclass
class Page:
    pk: int
    url_name: str

    def _render(self, lang: str) -> tuple[str, str]:
        from django.urls import resolve

        with translation.override(lang):
            url = reverse(self.url_name)
            request = RequestFactory().get(url)
            request.user = AnonymousUser()
            request.LANGUAGE_CODE = lang
            match = resolve(url)
            request.resolver_match = match
            html = match.func(request, *match.args, **match.kwargs).content.decode()
        main = MAIN.search(html)
        content = main.group(1) if main else html
        heading = H1.search(content)
        title = unescape_entities(strip_tags(heading.group(1))).strip() if heading else ""
        body = " ".join(unescape_entities(strip_tags(content)).split())
        return title, body

    def document(self) -> Doc:
        title, body = self._render("es")
        title_en, body_en = self._render("en")
        return Doc(title=title, body=body, title_en=title_en, body_en=body_en, url=reverse(self.url_name))


PAGE_NAMES = ["portal:about_data", "portal:open_data", "privacy", "program:index"]


def pages() -> list[Page]:
    return [Page(pk=i + 1, url_name=name) for i, name in enumerate(PAGE_NAMES)]


PAGES = IndexedType(
    "pagina",
    _("Página"),
    _("Páginas"),
    None,
    pages,
    lambda page: page.document(),
    weight=1.0,
    order=140,
    reference=True,
)
