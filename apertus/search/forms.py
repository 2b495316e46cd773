from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.search.query import MAX_LENGTH, clean
from apertus.search.selectors import Filters
from apertus.search.types import TYPES


class SearchForm(forms.Form):
    """The search box and its facets. Each invalid filter is dropped on its own; the search still runs."""

    q = forms.CharField(label=_("Buscar"), required=False, max_length=1000)
    tipo = forms.ChoiceField(required=False, choices=[("", "")] + [(k, t.label) for k, t in TYPES.items()])
    estado = forms.IntegerField(required=False, min_value=1, max_value=10**9)
    fase = forms.IntegerField(required=False, min_value=1, max_value=10**9)
    ods = forms.IntegerField(required=False, min_value=1, max_value=17)
    estatus = forms.RegexField(required=False, regex=r"^[a-z_]{1,30}$")
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        return clean(self.cleaned_data.get("q", ""))[:MAX_LENGTH]

    def _post_clean(self):
        # Keep the valid fields only: a bad ?ods=99 must not throw away the words.
        for name in list(self.errors):
            self.cleaned_data.pop(name, None)
            self.cleaned_data[name] = None if name != "q" else ""

    def filters(self) -> Filters:
        data = getattr(self, "cleaned_data", {})
        return Filters(
            kind=data.get("tipo") or "",
            state=data.get("estado"),
            phase=data.get("fase"),
            goal=data.get("ods"),
            status=data.get("estatus") or "",
        )
