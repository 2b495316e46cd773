import json

from django.conf import settings

from apertus.accounts.demo import demo_people_load
from apertus.accounts.models import Role, RoleAssignment, User
from apertus.program.demo import fellows_demo_load


def test_demo_gives_one_account_per_role_and_sixty_fellows(db):
    demo_people_load()
    fellows_demo_load()
    roles = set(RoleAssignment.objects.filter(user__email__startswith="").values_list("role", flat=True))
    assert roles == set(Role.values)
    fellows = RoleAssignment.objects.filter(role=Role.FELLOW, user__is_demo=True)
    assert fellows.count() == 60
    assert fellows.filter(phase__year=2017).count() == 20
    assert fellows.filter(phase__year=2018).count() == 40
    # every demo person is marked as such
    assert not User.objects.filter(email__endswith="@demo.apertus.mx", is_demo=False).exists()


def test_second_load_keeps_changed_passwords_and_adds_nothing(db):
    demo_people_load()
    fellows_demo_load()
    count = User.objects.count()
    saved = json.loads((settings.VAR_DIR / "demo_accounts.json").read_text())
    user = User.objects.get(email="coordinacion@demo.apertus.mx")
    assert user.check_password(saved[user.email])
    user.set_password("otra-contraseña-segura-9")
    user.save()
    demo_people_load()
    fellows_demo_load()
    assert User.objects.count() == count
    user.refresh_from_db()
    assert user.check_password("otra-contraseña-segura-9")


def test_demo_accounts_can_log_in(db, client):
    demo_people_load()
    fellows_demo_load()
    saved = json.loads((settings.VAR_DIR / "demo_accounts.json").read_text())
    response = client.post(
        "/cuentas/login/", {"login": "stl.oaxaca@demo.apertus.mx", "password": saved["stl.oaxaca@demo.apertus.mx"]}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "stl.oaxaca@demo.apertus.mx"
