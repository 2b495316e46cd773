from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apertus.plans import services
from apertus.plans.models import ActionPlan
from apertus.plans.ogp_import import ogp_import, ogp_period
from apertus.territories.models import State


class Command(BaseCommand):
    help = (
        "Importa compromisos desde la exportación CSV de compromisos de OGP a un plan de acción "
        "(lo crea como borrador «Importación OGP» si no existe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="archivo CSV exportado de opengovpartnership.org")
        parser.add_argument("--state", required=True, help="identificador de la entidad, p. ej. oaxaca")
        parser.add_argument("--edition", type=int, required=True, help="edición del plan en la entidad")
        parser.add_argument("--dry-run", action="store_true", help="hacer todo e informar, sin guardar nada")
        parser.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="no guardar nada si alguna fila se omite por un error (las ya importadas no cuentan)",
        )

    def handle(self, *args, path, state, edition, dry_run=False, all_or_nothing=False, **options):
        state_obj = State.objects.filter(slug=state).first()
        if state_obj is None:
            raise CommandError(f"No existe la entidad «{state}».")
        if ActionPlan.all_objects.filter(state=state_obj, edition=edition, is_deleted=True).exists():
            raise CommandError(f"La edición {edition} de {state_obj} está eliminada; usa otra edición.")
        try:
            with transaction.atomic():
                plan, created = self._plan(state_obj, edition, path)
                report = ogp_import(actor=None, plan=plan, path_or_file=path, all_or_nothing=all_or_nothing)
                if dry_run or report.rolled_back:
                    transaction.set_rollback(True)
        except (ValidationError, OSError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self._print(plan, created, report, dry_run or report.rolled_back)

    def _plan(self, state, edition, path):
        plan = ActionPlan.objects.filter(state=state, edition=edition).first()
        if plan is not None:
            return plan, False
        start, end = ogp_period(path)
        return services.plan_create(
            actor=None, state=state, edition=edition, title="Importación OGP", period_start=start, period_end=end
        ), True

    def _print(self, plan, created, report, dry_run):
        out = self.stdout.write
        out(
            f"{'[simulación, nada se guardó] ' if dry_run else ''}Plan: {plan.title} — {plan.state} edición {plan.edition}"
            f"{' (creado como borrador, periodo ' + str(plan.period_start) + ' a ' + str(plan.period_end) + ')' if created else ''}"
        )
        out(f"Filas leídas: {report.rows} (codificación {report.encoding})")
        out(
            f"Compromisos creados: {report.created}; hitos: {report.milestones}; organizaciones usadas: {report.organizations}"
        )
        out(f"Filas omitidas: {len(report.skipped)}")
        for skipped in report.skipped:
            out(f"  fila {skipped.row} ({skipped.identifier}): {skipped.reason}")
        if report.notes:
            out("Decisiones tomadas:")
            for decision, count in report.notes.most_common():
                out(f"  {count} × {decision}")
        out(f"Columnas no usadas: {len(report.unmapped)} (filas con valor; en las columnas 0/1, filas marcadas con 1)")
        for column in report.unmapped:
            flagged = f" ({column.flagged} con 1)" if column.flagged is not None else ""
            out(f"  {column.column}: {column.filled}{flagged}")
        out(f"Tiempo: {report.elapsed:.2f} s")
