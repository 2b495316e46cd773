"""Background tasks (django-tasks): the worker (``manage.py db_worker``) runs them; tests run them inline."""

from django_tasks import task

from apertus.notifications import delivery


@task()
def send_immediate(dedupe_key: str, batch: str) -> int:
    """E-mail the rows one ``notify`` call created, to the people who want e-mail at once."""
    return delivery.send_immediate_now(dedupe_key, batch)


@task()
def send_digests() -> int:
    """The daily digest (queued by ``manage.py send_digests --enqueue``, or run directly by it)."""
    return delivery.send_digests_now()
