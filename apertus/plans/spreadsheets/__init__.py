"""Progress round trip through a spreadsheet: export a plan's milestones, edit offline, import.

The XLSX and the CSV carry exactly the same columns (``COLUMNS``). Only ``EDITABLE`` columns are
read as changes; the rest orient the person editing and are checked for consistency: ``hito_id``
must be a live milestone of this plan, ``compromiso``/``hito`` must be that milestone's numbers, and
``version`` is the milestone's version when the file was downloaded, used as ``expected_version``.
Titles, dates and weight are not compared: they may change on the web without touching progress.

``nota`` and the two ``evidencia_*`` columns are exported empty: they are what the person adds
with this update. A row produces a progress report only when its status or progress differ from
the milestone's, or it brings a note or evidence.

Conflicts: when a milestone changed on the web after the download, a row the person did not edit
(still equal to what was downloaded) is left alone, so the newer web report stands; a row the
person did edit is a conflict, reported and not applied.

An import is all or nothing: every row is validated first; if any is wrong nothing is applied and
the result lists row (header = row 1), column and reason. Otherwise all rows are applied in one
transaction through ``services.progress_report``; any failure there rolls everything back.
"""

from apertus.plans.spreadsheets.export import COLUMNS, EDITABLE, milestone_rows, write_xlsx, xlsx_file  # noqa: F401
from apertus.plans.spreadsheets.importing import ImportResult, progress_import  # noqa: F401
from apertus.plans.spreadsheets.reading import MAX_ROWS, RowError  # noqa: F401
