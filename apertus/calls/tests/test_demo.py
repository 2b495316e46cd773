"""The demo calls: closed 2017 and 2018 calls whose selection is the demo fellows, and an open one."""

from apertus.accounts.demo import demo_people_load
from apertus.accounts.models import Role, RoleAssignment
from apertus.calls import selectors
from apertus.calls.demo import OPEN_SLUG, calls_demo_load
from apertus.calls.models import Application, Call, EvaluationAssignment, Interview
from apertus.core.testing import client_for, demo_steps_load
from apertus.program.demo import fellows_demo_load


def _counts():
    return tuple(m.objects.count() for m in (Call, Application, EvaluationAssignment, Interview, RoleAssignment))


def test_demo_calls(db, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo_steps_load(demo_people_load, fellows_demo_load)  # kept (core/testing.py)
    fellows_before = set(RoleAssignment.objects.filter(role=Role.FELLOW).values_list("user_id", "phase_id", "state_id"))
    assert calls_demo_load() == 3
    first = _counts()
    assert calls_demo_load() == 3 and _counts() == first  # idempotent

    for year, goal in ((2017, 20), (2018, 40)):
        call = Call.objects.get(slug=f"convocatoria-{year}")
        assert not selectors.call_is_open(call) and call.results_published_at is not None
        accepted = Application.objects.filter(call=call, result="aceptada")
        fellows = RoleAssignment.objects.filter(role=Role.FELLOW, phase=call.phase, user__is_demo=True)
        assert set(accepted.values_list("applicant_id", "state_id")) == set(fellows.values_list("user_id", "state_id"))
        assert accepted.count() == goal
        states = set(Application.objects.filter(call=call).values_list("state_id", flat=True))
        assert states == {s.pk for s in selectors.eligible_states(call)}  # applications in every state
        assert Application.objects.filter(call=call, status="borrador").exists()
        assert Application.objects.filter(call=call, proof_status="invalido").exists()
        ranking = selectors.ranking(call)
        top = {r.application.pk for r in ranking[:goal]}
        assert top == set(accepted.values_list("pk", flat=True))  # the selection follows the ranking
        assert not Application.objects.filter(call=call).exclude(applicant__is_demo=True).exists()
    # No new fellows: the selection is the existing demo fellows.
    assert (
        set(RoleAssignment.objects.filter(role=Role.FELLOW).values_list("user_id", "phase_id", "state_id"))
        == fellows_before
    )

    open_call = Call.objects.get(slug=OPEN_SLUG)
    assert selectors.call_is_open(open_call) and not open_call.applications.exists()
    from apertus.accounts.models import User

    aspirante = User.objects.get(email="aspirante@demo.apertus.mx")
    response = client_for(aspirante).post(f"/convocatorias/{OPEN_SLUG}/solicitud/")
    assert response.status_code == 302 and open_call.applications.filter(applicant=aspirante).exists()
    page = client.get("/convocatorias/convocatoria-2017/resultados/").content.decode()
    assert page.count("<tr>") == 21  # header + 20 fellows
