from datetime import timedelta

from django.utils import timezone

from apertus.tables import services
from apertus.tables.models import Registration
from apertus.tables.reminders import table_tomorrow_reminders
from apertus.tables.tests.conftest import make_citizens, make_table


def test_reminders_go_to_confirmed_seats_of_tables_starting_in_24_to_48_hours(plan):
    now = timezone.now()
    tomorrow = make_table(plan, capacity=1, starts_at=now + timedelta(hours=30), ends_at=now + timedelta(hours=33))
    today = make_table(plan, capacity=5, starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=8))
    later = make_table(plan, capacity=5, starts_at=now + timedelta(hours=50), ends_at=now + timedelta(hours=53))
    seated, waiting, cancelled = make_citizens(3)
    services.registration_create(actor=seated, table=tomorrow)
    services.registration_create(actor=waiting, table=tomorrow)  # on the waiting list: no reminder
    for table in (today, later):
        services.registration_create(actor=seated, table=table)
    services.registration_create(actor=cancelled, table=later)

    reminders = list(table_tomorrow_reminders(now=now))
    registration = Registration.objects.get(table=tomorrow, user=seated)
    assert [r["dedupe_key"] for r in reminders] == [f"table-tomorrow:{registration.pk}"]
    reminder = reminders[0]
    assert reminder["event"] == "table_tomorrow" and reminder["recipients"] == [seated]
    assert reminder["url"] == tomorrow.get_absolute_url() and "Sala de cabildo" in reminder["body"]
    # run again an hour later: the same key, so the messenger sends it once
    assert [r["dedupe_key"] for r in table_tomorrow_reminders(now=now + timedelta(hours=1))] == [reminder["dedupe_key"]]


def test_the_reminder_runner_sends_each_table_reminder_once(plan):
    from apertus.notifications.models import Notification
    from apertus.notifications.reminders import providers, run_reminders

    assert table_tomorrow_reminders in providers()
    now = timezone.now()
    table = make_table(plan, capacity=3, starts_at=now + timedelta(hours=30), ends_at=now + timedelta(hours=32))
    person = make_citizens(1)[0]
    services.registration_create(actor=person, table=table)
    run_reminders(now=now)
    run_reminders(now=now + timedelta(hours=1))
    sent = Notification.objects.filter(recipient=person, event="table_tomorrow")
    assert sent.count() == 1 and sent.get().url == table.get_absolute_url()


def test_the_first_in_line_is_told_when_a_seat_frees_up(plan, django_capture_on_commit_callbacks):
    from apertus.notifications.models import Notification

    table = make_table(plan, capacity=1)
    seated, waiting = make_citizens(2)
    services.registration_create(actor=seated, table=table)
    services.registration_create(actor=waiting, table=table)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=seated, registration=Registration.objects.get(table=table, user=seated))
    told = Notification.objects.filter(event="table_seat")
    assert list(told.values_list("recipient", flat=True)) == [waiting.pk]
