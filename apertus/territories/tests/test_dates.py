"""Dates go through Django's localisation: Spanish and English each read in their own format."""

from django.test import Client

from apertus.program.models import StateParticipation


def test_the_state_page_writes_its_declaration_date_in_the_page_language(db):
    participation = StateParticipation.objects.exclude(declaration_date=None).select_related("state").first()
    day = participation.declaration_date
    url = participation.state.get_absolute_url()
    spanish = Client().get(url).content.decode()
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    months_es = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
    months_en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    assert f"{day.day} de {months_es[day.month - 1]} de {day.year}" in spanish
    assert f"{months_en[day.month - 1]} {day.day}, {day.year}" in english
    assert f"de {months_en[day.month - 1]}" not in english and f"{day.day} de " not in english
