"""The funder report as a PDF (WeasyPrint): the framework's tables, inline SVG charts and the partners.

Fonts are the project's own files (``static/fonts``), embedded in the PDF; the URL fetcher allows only
local files, so building a report never reaches the network.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apertus.cohorts.charts import bar_chart
from apertus.program.selectors import partner_list
from apertus.results.framework import Framework
from apertus.results.tables import tables

FONTS = Path(settings.BASE_DIR) / "apertus" / "static" / "fonts"


def _fetcher():
    """Only local files (the fonts): a report never reaches the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file"})


def charts(fw: Framework) -> dict:
    total = fw.total
    with_target = [f for f in total.figures if f.target and f.value is not None]
    return {
        "targets": bar_chart(
            _("Logro como porcentaje de la meta (todo el programa)"),
            [(f.label, f.percent_of_target, f"{number_format(f.value)} / {f.target}") for f in with_target],
            maximum=max([Decimal(100), *[f.percent_of_target for f in with_target]]),
        ),
        "progress": bar_chart(
            _("Avance de los planes por entidad (%)"),
            [
                (r.state.short_name, r.counts.progress, f"{r.counts.progress or 0} %")
                for r in total.rows
                if r.counts.progress is not None
            ],
            maximum=100,
        ),
        "goals": bar_chart(
            _("Compromisos por ODS principal"), [(f"ODS {g.code} {g.short}", n, str(n)) for g, n, _s in fw.goals]
        ),
    }


def pdf_html(fw: Framework, *, report=None) -> str:

    return render_to_string(
        "results/report_pdf.html",
        {
            "fw": fw,
            "report": report,
            "tables": tables(fw),
            "charts": charts(fw),
            "partners": list(partner_list()),
            "font_regular": (FONTS / "LiberationSans-Regular.ttf").as_uri(),
            "font_bold": (FONTS / "LiberationSans-Bold.ttf").as_uri(),
        },
    )


def pdf_bytes(fw: Framework, *, report=None) -> bytes:
    import weasyprint

    html = pdf_html(fw, report=report)
    return weasyprint.HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()
