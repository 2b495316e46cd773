"""The search index: one row per public record, written only by ``apertus.search.index``.

A record that is not public (a draft plan, a hidden proposal, an unpublished STL...) has no row at
all, so no query can return it. The full-text columns live outside the ORM, created by migration
0002: an FTS5 table on SQLite, ``vector_es``/``vector_en`` tsvector columns on PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(_("tipo"), max_length=20, db_index=True)
    object_id = models.PositiveBigIntegerField(_("registro"))
    title = models.CharField(_("título"), max_length=300)
    title_en = models.CharField(_("título (inglés)"), max_length=300, blank=True)
    body = models.TextField(_("texto"), blank=True)
    body_en = models.TextField(_("texto (inglés)"), blank=True)
    # An exact key people type (an SDG code such as 16.10), matched before the words.
    code = models.CharField(_("clave"), max_length=20, blank=True, db_index=True)
    url = models.CharField(_("dirección"), max_length=300)
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    phase = models.ForeignKey(
        "program.ProgramPhase",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fase"),
    )
    status = models.CharField(_("estatus"), max_length=30, blank=True, db_index=True)
    # The SDG goals (1-17) the record serves, one bit each (bit n for goal n): the goal facet counts
    # them in the same pass over the matches as the other facets, without a join.
    goal_mask = models.PositiveIntegerField(_("ODS (bits)"), default=0)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_record")]
        verbose_name = _("documento de búsqueda")
        verbose_name_plural = _("documentos de búsqueda")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:60]}"

    @property
    def goals(self) -> list[int]:
        return goals_of(self.goal_mask)


def goal_mask(goals) -> int:
    """The bits of ``goals`` (SDG numbers 1-17)."""
    mask = 0
    for goal in goals:
        if 1 <= int(goal) <= 17:
            mask |= 1 << int(goal)
    return mask


def goals_of(mask: int) -> list[int]:
    return [goal for goal in range(1, 18) if mask & (1 << goal)]


class SearchWord(models.Model):
    """Every folded word of the index with its Spanish stem: the vocabulary typo tolerance draws on."""

    word = models.CharField(max_length=60, unique=True)
    stem = models.CharField(max_length=60, db_index=True)

    def __str__(self) -> str:
        return self.word


class SearchIndexVersion(models.Model):
    """One row whose number every write of the index raises, in the same transaction.

    Cached search results are keyed by it (``apertus.search.selectors``): once a write commits, the
    next search reads a new number and computes afresh, so a cached page is never older than the index.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versión del índice de búsqueda")

    def __str__(self) -> str:
        return str(self.value)
