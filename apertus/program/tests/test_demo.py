"""The demo: about half of the demo fellows have a public profile, marked as demo; loading twice adds nothing."""

from apertus.accounts.demo import demo_people_load
from apertus.accounts.models import Role, RoleAssignment
from apertus.core.testing import client_for
from apertus.program.demo import DEMO_LOGIN, fellows_demo_load, program_demo_load
from apertus.program.models import FellowProfile
from apertus.program.services import fellow_profile_update


def test_demo_profiles_are_half_the_fellows_and_idempotent(db):
    demo_people_load()
    fellows_demo_load()
    fellows = RoleAssignment.objects.filter(role=Role.FELLOW, user__is_demo=True).values("user").distinct().count()
    created = program_demo_load()
    assert fellows == 60 and created == 30
    profiles = FellowProfile.objects.select_related("user")
    assert all(p.is_public and p.user.is_demo and "demostración" in p.bio for p in profiles)
    assert not profiles.filter(user__email=DEMO_LOGIN).exists()  # left to try the page
    # A demo fellow who withdraws stays withdrawn when the demo loads again; nothing is added.
    withdrawn = profiles.first()
    fellow_profile_update(actor=withdrawn.user, is_public=False, bio=withdrawn.bio)
    assert program_demo_load() == 0
    assert FellowProfile.objects.count() == 30 and not FellowProfile.objects.get(pk=withdrawn.pk).is_public
    # They show on the cohort pages and in the API.
    api = client_for(None).get("/api/program/fellows?limit=100").json()
    assert api["count"] == 29
    html = client_for(None).get("/programa/2017/oaxaca/").content.decode()
    assert "Ver perfil" in html and "@demo.apertus.mx" not in html
