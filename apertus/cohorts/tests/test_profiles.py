"""Fellows' public profiles: consent, who may edit, what is public, withdrawal, own data and deletion."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.accounts.models import Role
from apertus.accounts.services import account_delete, role_revoke
from apertus.cohorts.tests.conftest import cohort
from apertus.core.testing import assert_inert, assert_matrix, client_for, everyone, only
from apertus.program.models import FellowProfile, ProgramPhase
from apertus.program.services import fellow_profile_update
from apertus.territories.models import State

EDIT = "/mi-cuenta/perfil-publico/"
HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> [clic](javascript:alert(1)) '
    '<a href="javascript:alert(2)">a</a> <iframe src="https://malo.example"></iframe> '
    "[dato](data:text/html;base64,PHNjcmlwdD4=) <svg onload=alert(3)>"
)


def _main(html: str) -> str:
    return html.split('<main id="contenido"', 1)[1].split("</main>", 1)[0]


def _publish(user, bio="Trabajo en **datos abiertos** del agua.") -> FellowProfile:
    return fellow_profile_update(actor=user, is_public=True, bio=bio)


def test_who_may_edit_a_public_profile(people):
    assert_matrix(
        people,
        {
            ("GET", EDIT): only(["fellow_oaxaca"], 200, 403) | {"anonymous": 302},
            ("POST", EDIT): only(["fellow_oaxaca"], 302, 403) | {"anonymous": 302},
        },
        data={"bio": "Hola", "is_public": "on"},
    )
    # Only the fellow's own profile came to exist; nobody else could create one.
    assert list(FellowProfile.objects.values_list("user__email", flat=True)) == [people["fellow_oaxaca"].email]
    with pytest.raises(PermissionDenied):
        fellow_profile_update(actor=people["coordinator"], is_public=True, bio="Publicado por otra persona")


def test_the_public_page_exists_only_while_the_fellow_consents(people):
    fellow = people["fellow_oaxaca"]
    profile = fellow_profile_update(actor=fellow, is_public=False, bio="Borrador")
    url = profile.get_absolute_url()
    assert url.startswith("/programa/becarios/")
    assert_matrix(people, {("GET", url): everyone(404)})  # not even the fellow or coordination
    profile = _publish(fellow)
    assert profile.consent_given_at is not None and profile.consent_withdrawn_at is None
    assert_matrix(people, {("GET", url): everyone(200), ("POST", url): everyone(405)})
    # Withdrawal: 404 again for everyone, and the dates say when.
    profile = fellow_profile_update(actor=fellow, is_public=False, bio=profile.bio)
    assert profile.consent_withdrawn_at >= profile.consent_given_at
    assert_matrix(people, {("GET", url): everyone(404)})
    assert client_for(None).get("/api/program/fellows").json()["count"] == 0
    # Each change is in the profile's history.
    assert [h.is_public for h in profile.history.order_by("history_date")] == [False, True, False]


def test_a_disabled_account_has_no_public_profile(people):
    fellow = people["fellow_oaxaca"]
    url = _publish(fellow).get_absolute_url()
    fellow.is_active = False
    fellow.save(update_fields=["is_active"])
    assert client_for(None).get(url).status_code == 404
    assert client_for(None).get("/api/program/fellows").json()["count"] == 0


def test_another_fellow_edits_only_their_own_profile(people):
    oaxaca = people["fellow_oaxaca"]
    _publish(oaxaca, "Mi propia presentación")
    other = cohort(1).fellow("26", "mujer")
    client = client_for(other)
    assert client.post(EDIT, {"bio": "Cambiado por otra persona", "is_public": ""}).status_code == 302
    assert FellowProfile.objects.get(user=oaxaca).bio == "Mi propia presentación"
    assert FellowProfile.objects.get(user=oaxaca).is_public
    assert FellowProfile.objects.get(user=other).bio == "Cambiado por otra persona"


def test_an_alumna_whose_role_ended_can_still_withdraw(people):
    fellow = people["fellow_oaxaca"]
    profile = _publish(fellow)
    role_revoke(actor=people["coordinator"], assignment=fellow.roles.get(role=Role.FELLOW))
    client = client_for(fellow)
    assert client.get(EDIT).status_code == 200
    assert client.post(EDIT, {"bio": profile.bio}).status_code == 302
    assert client_for(None).get(profile.get_absolute_url()).status_code == 404


def test_the_edit_page_explains_what_is_public_and_never_the_email(people):
    fellow = people["fellow_oaxaca"]
    html = client_for(fellow).get(EDIT).content.decode()
    assert "Nunca se publica tu correo electrónico" in html
    for item in ("tu nombre", "tu generación, tu entidad y tu sector", "proyecto de equipo", "verificar tu constancia"):
        assert item in html
    assert 'for="id_bio"' in html and 'for="id_is_public"' in html
    assert "Tu perfil no es público." in html
    # The "Mi cuenta" page links to it for fellows only.
    assert 'href="/mi-cuenta/perfil-publico/"' in client_for(fellow).get("/mi-cuenta/").content.decode()
    assert 'href="/mi-cuenta/perfil-publico/"' not in client_for(people["citizen"]).get("/mi-cuenta/").content.decode()


def test_a_bio_with_the_email_is_refused(people):
    fellow = people["fellow_oaxaca"]
    with pytest.raises(ValidationError):
        fellow_profile_update(actor=fellow, is_public=True, bio=f"Escríbeme a {fellow.email.upper()}")
    response = client_for(fellow).post(EDIT, {"bio": f"Escríbeme: {fellow.email}", "is_public": "on"})
    assert response.status_code == 400 and "Quita tu correo" in response.content.decode()
    assert not FellowProfile.objects.exists()


def test_the_profile_shows_what_was_consented_and_never_the_email(people, client):
    from apertus.learning.models import Certificate, Course
    from apertus.teams.models import TeamProject

    fellow = people["fellow_oaxaca"]
    phase, oaxaca = ProgramPhase.objects.get(number=1), State.objects.get(code="20")
    project = TeamProject.objects.create(phase=phase, state=oaxaca, title="Agua abierta", is_published=True)
    project.fellows.add(fellow)
    draft = TeamProject.objects.create(
        phase=ProgramPhase.objects.get(number=2), state=State.objects.get(code="04"), title="Borrador secreto"
    )
    draft.fellows.add(fellow)
    program = Course.objects.create(phase=phase, title="Curso", starts_on="2017-03-01", ends_on="2017-10-31")
    certificate = Certificate.objects.create(
        program=program, fellow=fellow, code="ABCD" * 8, full_name="F", grade=90, issued_on="2017-11-30"
    )
    profile = _publish(fellow)
    response = client.get(profile.get_absolute_url())
    html = response.content.decode()
    assert fellow.public_name in html and "Generación 2017" in html and 'href="/programa/2017/oaxaca/"' in html
    assert "<strong>datos abiertos</strong>" in html
    assert f'href="{project.get_absolute_url()}"' in html and "Borrador secreto" not in html
    assert f'href="{certificate.verification_path()}"' in html
    assert fellow.email.encode() not in response.content
    # The cohort page now links to it; the API lists it, without the e-mail.
    state_page = client.get("/programa/2017/oaxaca/")
    assert f'href="{profile.get_absolute_url()}"' in state_page.content.decode()
    assert fellow.email.encode() not in state_page.content
    api = client.get("/api/program/fellows")
    assert fellow.email.encode() not in api.content
    [item] = api.json()["items"]
    assert item == {
        "id": str(profile.public_id),
        "name": fellow.public_name,
        "bio": profile.bio,
        "url": profile.get_absolute_url(),
        "cohorts": [{"year": 2017, "state_code": "20", "state_name": "Oaxaca", "sector": ""}],
    }


def test_a_hostile_bio_is_rendered_inert(people):
    fellow = people["fellow_oaxaca"]
    profile = _publish(fellow, HOSTILE)
    for role in ("anonymous", "coordinator"):
        html = client_for(people[role]).get(profile.get_absolute_url()).content.decode()
        # All of the page's content but coordination's own moderation form.
        assert_inert(_main(html).split("<details><summary>", 1)[0])
        assert "&lt;script&gt;" in html  # raw HTML in the bio is shown as text
    preview = client_for(fellow).get(EDIT).content.decode()
    assert_inert(preview.split('<article class="card fellow-profile"', 1)[1].split("</article>", 1)[0])


def test_own_data_download_and_account_deletion(people):
    fellow = people["fellow_oaxaca"]
    profile = _publish(fellow, "Mi presentación")
    data = json.loads(client_for(fellow).get("/mi-cuenta/datos.json").content)
    mine = data["datos"]["perfil_publico_fellow"]
    assert mine["publico"] is True and mine["presentacion"] == "Mi presentación"
    assert mine["direccion_publica"] == profile.get_absolute_url() and mine["consentimiento_otorgado"]
    citizen = json.loads(client_for(people["citizen"]).get("/mi-cuenta/datos.json").content)
    assert citizen["datos"]["perfil_publico_fellow"] is None
    account_delete(user=fellow)
    assert not FellowProfile.objects.filter(pk=profile.pk).exists()
    assert not FellowProfile.history.filter(id=profile.pk).exists()  # past texts go too
    assert client_for(None).get(profile.get_absolute_url()).status_code == 404


def test_coordination_can_hide_an_abusive_profile_and_the_fellow_is_told_why(people, client):
    from apertus.moderation.services import content_hide, content_restore
    from apertus.notifications.models import Notification

    fellow = people["fellow_oaxaca"]
    profile = _publish(fellow, bio="Texto que rompe las reglas de participación")
    url = profile.get_absolute_url()
    assert client.get(url).status_code == 200
    # Only coordination moderates profiles: not the state's STL, not another fellow.
    assert_matrix(
        people,
        {
            ("POST", f"/moderacion/contenido/program.fellowprofile/{profile.pk}/ocultar/"): only(
                ["coordinator"], 302, 403
            )
            | {"anonymous": 302}
        },
        data={"reason": "Contenido ofensivo"},
    )
    profile.refresh_from_db()
    assert profile.is_hidden and profile.hidden_reason == "Contenido ofensivo" and profile.is_public
    assert client.get(url).status_code == 404
    assert Notification.objects.filter(recipient=fellow, event="moderation").count() == 1
    own = client_for(fellow).get(EDIT).content.decode()
    assert 'data-testid="profile-hidden"' in own and "Contenido ofensivo" in own
    with pytest.raises(ValidationError):
        content_hide(actor=people["coordinator"], obj=profile, reason="otra vez")
    content_restore(actor=people["coordinator"], obj=profile, reason="Corregido por la persona")
    assert client.get(url).status_code == 200
    assert [h.history_change_reason for h in profile.history.order_by("history_id")][-2:] == [
        "Contenido ofensivo",
        "Corregido por la persona",
    ]
