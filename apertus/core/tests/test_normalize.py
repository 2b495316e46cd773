"""Text is stored NFC and without bidirectional controls; exports neutralise them."""

from apertus.accounts.services import profile_update
from apertus.core.exports import _csv_safe
from apertus.core.normalize import clean_line, clean_text
from apertus.organizations.models import Organization

RLO = "\u202e"


def test_the_cleaners():
    assert clean_line(f"factura{RLO}fdp.exe\u200f\u2066x\u2069") == "facturafdp.exex"
    assert clean_line("Jose\u0301") == "José"
    assert clean_text(f"línea 1\n{RLO}línea 2\u200f") == "línea 1\nlínea 2\u200f"


def test_every_model_save_is_normalised(people):
    me = people["citizen"]
    profile_update(actor=me, user=me, first_name=f"Ana{RLO}lirbA", last_name="Pe\u0301rez", state=None)
    me.refresh_from_db()
    assert (me.first_name, me.last_name) == ("AnalirbA", "Pérez")
    org = Organization.objects.create(name=f"Colectivo {RLO}ovitcelo", type="sociedad_civil")
    assert Organization.objects.get(pk=org.pk).name == "Colectivo ovitcelo"


def test_commitment_text_loses_overrides(people):
    from apertus.plans import services
    from apertus.plans.models import Commitment
    from apertus.plans.tests.conftest import build_plan

    commitment = build_plan("20").commitments.first()
    services.commitment_update(
        actor=people["coordinator"],
        commitment=commitment,
        expected_version=commitment.version,
        title=f"Agua {RLO}launa",
        problem=f"Problema{RLO} oculto\u2067x\u2069",
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert RLO not in stored.title and RLO not in stored.problem and "\u2067" not in stored.problem


def test_exported_cells_are_neutralised():
    assert _csv_safe(f"abc{RLO}def\u200e") == "abcdef"
    assert _csv_safe(f"{RLO}=1+1") == "'=1+1"
