"""What the site search indexes of the calls: published calls, in Spanish and English."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apertus.calls.selectors.calls import published_calls
from apertus.core.searchable import Doc, IndexedType, join


def _call(c) -> Doc:
    return Doc(
        title=c.title,
        url=c.get_absolute_url(),
        phase_id=c.phase_id,
        body=join(c.summary, c.objective, c.profile, c.eligibility, c.process),
        title_en=c.title_en,
        body_en=join(c.summary_en, c.objective_en, c.profile_en, c.eligibility_en, c.process_en),
    )


CALL = IndexedType(
    "convocatoria", _("Convocatoria"), _("Convocatorias"), "calls.call", published_calls, _call, weight=1.2, order=70
)
