"""Background work (django-tasks): ``manage.py db_worker`` runs it; tests run it inline."""

from django_tasks import task

from apertus.plans.services import ogp_jobs


@task()
def preview_ogp_job(job_id: int) -> str:
    job = ogp_jobs.ogp_job_preview(job_id=job_id)
    return job.status if job else "missing"


@task()
def import_ogp_job(job_id: int) -> str:
    job = ogp_jobs.ogp_job_import(job_id=job_id)
    return job.status if job else "missing"
