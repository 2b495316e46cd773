from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.results.framework import PROGRAM_END, PROGRAM_START
from apertus.results.selectors import EARLIEST, LATEST


class ReportForm(forms.Form):
    desde = forms.DateField(
        label=_("Desde"), initial=PROGRAM_START, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hasta = forms.DateField(
        label=_("Hasta"), initial=PROGRAM_END, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("desde"), data.get("hasta")
        for name, day in (("desde", start), ("hasta", end)):
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Fecha fuera de rango."))
        if start and end and start > end:
            raise forms.ValidationError(_("El periodo empieza después de terminar."))
        return data
