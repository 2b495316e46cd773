"""Co-creation end to end in a real browser: a citizen registers, verifies and proposes; another
supports and comments; the STL answers; the author sees the answer (page and notifications)."""

import re

from django.core import mail
from playwright.sync_api import expect

from apertus.accounts.services import email_mark_verified, user_create
from apertus.core.testing import make_people
from apertus.participation.models import Proposal
from apertus.participation.tests.conftest import build_process
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.territories.models import State
from tests.browser import test_plans  # its login helper (as a module, so its tests are not collected twice)

PASSWORD = "una-contraseña-larga-7"
AUTHOR = "nora.ruiz@ejemplo.mx"
TITLE = "Datos abiertos del agua en Oaxaca de Juárez"


def sign_up(page, email, *, first, last, state, municipality, sector):
    """Fill allauth's sign-up form as a person does, privacy notice included."""
    page.goto(page.base_url + "/cuentas/signup/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repite la contraseña").fill(PASSWORD)
    page.get_by_label(re.compile("^Nombre")).fill(first)
    page.get_by_label("Apellidos").fill(last)
    page.get_by_label(re.compile("^Entidad")).select_option(label=state)
    page.get_by_label("Municipio").select_option(label=municipality)
    page.get_by_label(re.compile("^Sector")).select_option(sector)
    page.get_by_label(re.compile("He leído y acepto")).check()
    page.get_by_role("button", name="Crear mi cuenta").click()
    page.wait_for_url(re.compile(r"/cuentas/confirm-email/$"))


def verification_link(email) -> str:
    """The path of the confirmation link e-mailed to ``email`` (the live server runs in this process: same outbox)."""
    sent = [m for m in mail.outbox if m.to == [email]]
    assert sent and all(PASSWORD not in m.body for m in sent), [m.to for m in mail.outbox]
    return re.search(r"https?://[^/\s]+(/cuentas/confirm-email/[^/\s]+/)", sent[-1].body).group(1)


def log_out(page):
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_role("link", name="Iniciar sesión")).to_be_visible()


def test_a_proposal_from_sign_up_to_its_reasoned_answer(page):
    people = make_people()
    plan = build_plan("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    process = build_process(plan)  # one phase, open now, allowing every action
    commitment = plan.commitments.get()
    # 1. A citizen registers and accepts the privacy notice; unverified, she cannot log in yet.
    sign_up(page, AUTHOR, first="Nora", last="Ruiz Pérez", state="Oaxaca", municipality="Oaxaca de Juárez", sector="")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifique su dirección de correo")
    expect(page.get_by_text(f"Correo electrónico de confirmación enviado a {AUTHOR}")).to_be_visible()
    test_plans.login(page, AUTHOR, PASSWORD)
    expect(page.get_by_role("link", name="Iniciar sesión")).to_be_visible()

    # 2. She follows the link in the e-mail, confirms and logs in.
    page.goto(page.base_url + verification_link(AUTHOR))
    page.get_by_role("button").filter(has_text=re.compile("Confirm")).click()
    page.wait_for_load_state()
    test_plans.login(page, AUTHOR, PASSWORD)
    expect(page.get_by_role("link", name="Nora Ruiz Pérez")).to_be_visible()

    # 3. From the plan she opens the process, in its proposals phase, and proposes.
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_role("link", name=re.compile("Cocreación con la ciudadanía")).click()
    expect(page.get_by_test_id("current-phase")).to_have_text("Fase Propuestas")
    expect(page.get_by_test_id("unanswered")).to_have_text("0")
    page.get_by_test_id("propose").click()
    page.get_by_label("Título").fill(TITLE)
    page.get_by_label("Problema").fill("No se publica la **calidad del agua** por colonia.")
    page.get_by_label("Solución propuesta").fill("Publicar cada mes los análisis en formato abierto.")
    page.get_by_label("6 Agua Limpia y Saneamiento").check()
    page.get_by_label("Municipio").select_option(label="Oaxaca de Juárez")
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_text("Gracias: tu propuesta se publicó.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_test_id("problem").locator("strong")).to_have_text("calidad del agua")
    expect(page.get_by_role("link", name=re.compile(r"ODS 6"))).to_be_visible()
    expect(page.get_by_test_id("no-response")).to_be_visible()
    expect(page.get_by_test_id("support-count")).to_have_text("0")
    proposal = Proposal.objects.get(title=TITLE)
    assert (proposal.author.email, proposal.municipality.name, [g.code for g in proposal.goals.all()]) == (
        AUTHOR,
        "Oaxaca de Juárez",
        ["6"],
    )
    log_out(page)

    # 4. Another citizen (from Sonora, made in the database) supports it and comments.
    other = user_create(
        email="tomas@ejemplo.mx",
        password=PASSWORD,
        first_name="Tomás",
        last_name="Vega",
        state=State.objects.get(code="26"),
        sector="academia",
    )
    email_mark_verified(user=other)
    test_plans.login(page, other.email, PASSWORD)
    page.goto(page.base_url + proposal.get_absolute_url())
    page.get_by_test_id("support").click()
    expect(page.get_by_text("Apoyaste esta propuesta.")).to_be_visible()
    expect(page.get_by_test_id("support-count")).to_have_text("1")
    expect(page.get_by_test_id("withdraw")).to_be_visible()
    page.get_by_label("Tu comentario").fill("En Hermosillo ya se hace: **funciona**.")
    page.get_by_role("button", name="Publicar comentario").click()
    comment = page.locator("article.comment").filter(has_text="En Hermosillo ya se hace")
    expect(comment).to_be_visible()
    expect(comment.locator("strong")).to_have_text("funciona")
    expect(comment).to_contain_text("Tomás Vega")
    log_out(page)

    # 5. An STL member of Oaxaca answers, linking the commitment that incorporates it.
    test_plans.login(page, people["stl_oaxaca"].email)
    page.goto(page.base_url + proposal.get_absolute_url())
    page.get_by_role("link", name="Responder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Responder a «{TITLE}»")
    page.get_by_label("Incorporada parcialmente").check()
    page.get_by_label("Razones").fill("Se incorpora la publicación mensual; el formato lo define la mesa técnica.")
    page.get_by_label("Compromiso").select_option(label=str(commitment))
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_text("Respuesta guardada; la autora o el autor recibe un aviso.")).to_be_visible()
    expect(page.get_by_test_id("response-kind")).to_have_text("Incorporada parcialmente")
    log_out(page)

    # 6. The author logs in: the answer is on the proposal page and in her notifications.
    test_plans.login(page, AUTHOR, PASSWORD)
    notifications = page.get_by_role("link", name=re.compile("Notificaciones"))
    expect(notifications).to_contain_text("1")
    notifications.click()
    expect(page.get_by_test_id("unread-count")).to_have_text(re.compile("Tienes 1 aviso sin leer"))
    notice = page.get_by_test_id("notification")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(f"Tu propuesta «{TITLE}» recibió una respuesta")
    expect(notice).to_contain_text("Respuesta: Incorporada parcialmente.")
    notice.get_by_role("link", name=re.compile("recibió una respuesta")).click()
    page.wait_for_url(re.compile(re.escape(proposal.get_absolute_url()) + "$"))
    expect(page.get_by_test_id("response-kind")).to_have_text("Incorporada parcialmente")
    expect(page.get_by_test_id("response-reason")).to_contain_text("Se incorpora la publicación mensual")
    trail = page.get_by_test_id("trail")
    expect(trail.get_by_role("link", name=str(commitment))).to_have_attribute("href", commitment.get_absolute_url())
    expect(page.locator("article.comment").filter(has_text="En Hermosillo ya se hace")).to_be_visible()

    # 7. The plan's co-creation standards page counts all of it (people and inputs, never names).
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_test_id("standards-link").click()
    answers = page.get_by_test_id("standard-respuesta_razonada")
    expect(answers.locator('[data-figure="propuestas_respondidas"]')).to_have_text("1")
    expect(answers.locator('[data-figure="porcentaje_respondidas"]')).to_have_text("100.0 %")
    expect(page.get_by_test_id("status-respuesta_razonada")).to_have_text("Cumple")
    participation = page.get_by_test_id("standard-participacion")
    expect(participation.locator('[data-figure="personas"]')).to_have_text("2")
    expect(participation.locator('[data-figure="personas_otras_entidades"]')).to_have_text("1")
    expect(participation).not_to_contain_text("Tomás")
    assert process.proposals.get().response.responded_by == people["stl_oaxaca"]
