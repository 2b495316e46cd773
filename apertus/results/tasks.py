"""Background work (django-tasks): ``manage.py db_worker`` runs it; tests run it inline."""

from django_tasks import task

from apertus.results import services


@task()
def build_funder_report(report_id: int) -> str:
    report = services.funder_report_build(report_id=report_id)
    return report.status if report else "missing"
