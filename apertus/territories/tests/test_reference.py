from django.core.management import call_command
from django.db.models import Sum

from apertus.organizations.models import Organization
from apertus.program.models import ExerciseInstitution, StateParticipation
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import Municipality, State


def test_reference_data_is_complete(db):
    assert State.objects.count() == 32
    assert Municipality.objects.count() == 2478
    assert Municipality.objects.aggregate(total=Sum("population"))["total"] == 126_014_024
    assert State.objects.get(code="20").short_name == "Oaxaca"
    assert all(s.map_path.startswith("m ") or s.map_path.startswith("M ") for s in State.objects.all())


def test_sdg_vocabulary_is_complete_and_bilingual(db):
    goals = Term.objects.filter(scheme=Scheme.SDG_GOAL)
    assert goals.count() == 17
    assert Term.objects.filter(scheme=Scheme.SDG_TARGET).count() == 169
    assert Term.objects.filter(scheme=Scheme.SDG_INDICATOR).count() == 252
    assert Term.objects.filter(scheme=Scheme.SDG_INDICATOR, is_current=False).count() == 4
    six = goals.get(code="6")
    assert six.color == "#26BDE2"
    assert six.short_es == "Agua Limpia y Saneamiento"
    assert six.short_en == "Clean water and sanitation"
    target = Term.objects.get(scheme=Scheme.SDG_TARGET, code="16.10")
    assert target.parent == Term.objects.get(scheme=Scheme.SDG_GOAL, code="16")
    assert Term.objects.filter(scheme=Scheme.OGP_VALUE).count() == 4


def test_program_has_its_fifteen_states_in_two_phases(db):
    by_year = {}
    for p in StateParticipation.objects.select_related("state", "phase"):
        by_year.setdefault(p.phase.year, set()).add(p.state.short_name)
    assert by_year[2017] == {"Chihuahua", "Morelos", "Nuevo León", "Oaxaca", "Sonora"}
    assert len(by_year[2018]) == 10 and "Veracruz" in by_year[2018]
    # every participating state has its guarantor body, and real member institutions were loaded
    assert not StateParticipation.objects.filter(guarantor__isnull=True).exists()
    assert ExerciseInstitution.objects.filter(participation__state__code="17").exists()
    partners = set(Organization.objects.filter(partnership__isnull=False).values_list("acronym", flat=True))
    assert partners == {"PNUD", "USAID", "INAI", "GESOC", "ProSociedad", "Gobierno Fácil"}


def test_loading_twice_duplicates_nothing_and_keeps_edits(db):
    counts = lambda: (  # noqa: E731
        State.objects.count(),
        Municipality.objects.count(),
        Term.objects.count(),
        Organization.objects.count(),
        ExerciseInstitution.objects.count(),
    )
    before = counts()
    org = Organization.objects.get(acronym="GESOC")
    org.description = "Descripción escrita por la coordinación."
    org.save()
    call_command("load_reference", verbosity=0)
    assert counts() == before
    org.refresh_from_db()
    assert org.description == "Descripción escrita por la coordinación."
