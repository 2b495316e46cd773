"""Demo conversation spaces for both cohorts: forums of every kind with a few topics, two private
conversations, a notice per cohort, two news items and two blog posts.

Needs the demo people and fellows (``apertus.accounts.demo.demo_people_load``,
``apertus.program.demo.fellows_demo_load``). Idempotent: a cohort that already has its general forum
is left as it is.
"""

from __future__ import annotations

from django.db import transaction

from apertus.accounts.models import User
from apertus.forums import selectors, services
from apertus.forums.models import Forum, ForumKind
from apertus.program.models import ProgramPhase, StateParticipation

DOMAIN = "demo.apertus.mx"
ACTIVITY = ("diagnostico-gobierno-abierto", "Diagnóstico de gobierno abierto en mi entidad")


def _person(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DOMAIN}").first()


@transaction.atomic
def forums_demo_load() -> int:
    """Create what is missing; returns how many cohorts got their forums."""
    facilitator, coordinator = _person("facilitacion"), _person("coordinacion")
    created = 0
    for phase in ProgramPhase.objects.order_by("number"):
        if Forum.objects.filter(phase=phase, slug="general").exists():
            continue
        fellows = list(selectors.cohort_fellows(phase))
        if len(fellows) < 2:
            continue
        _forums(phase, fellows, facilitator)
        _notice_and_news(phase, coordinator)
        _blog(phase, fellows[1], facilitator)
        created += 1
    if created:
        _conversations(facilitator, coordinator)
    return created


def _forums(phase: ProgramPhase, fellows: list[User], facilitator) -> None:
    staff = facilitator or fellows[0]
    general = services.forum_create(
        actor=None,
        phase=phase,
        kind=ForumKind.GENERAL,
        title="Foro general",
        slug="general",
        position=1,
        description="Para conversar entre toda la generación: presentaciones, dudas del programa y recursos.",
    )
    support = services.forum_create(
        actor=None,
        phase=phase,
        kind=ForumKind.SUPPORT,
        title="Soporte de la plataforma",
        slug="soporte",
        position=2,
        description="¿Algo no funciona? Cuéntanos aquí.",
    )
    activity = services.forum_create(
        actor=None,
        phase=phase,
        kind=ForumKind.ACTIVITY,
        title=f"Foro: {ACTIVITY[1]}",
        slug="actividad-diagnostico",
        position=3,
        activity_slug=ACTIVITY[0],
        activity_title=ACTIVITY[1],
        description="Comparte tu diagnóstico y comenta el de otras entidades.",
    )
    welcome = services.topic_create(
        actor=None,
        author=staff,
        forum=general,
        title="Bienvenida a la generación",
        body="¡Bienvenidas y bienvenidos! Preséntense: **entidad**, organización y qué esperan del programa.",
    )
    for fellow in fellows[:3]:
        services.post_add(
            actor=None,
            author=fellow,
            topic=welcome,
            body=f"Hola, soy {fellow.first_name}. Me interesa la transparencia presupuestaria.",
        )
    question = services.topic_create(
        actor=None,
        author=fellows[0],
        forum=support,
        title="No puedo subir mi tarea en PDF",
        body="Al subir el archivo aparece un error. ¿Qué tamaño máximo se acepta?",
    )
    services.post_add(
        actor=None,
        author=staff,
        topic=question,
        body="El límite es de 10 MB y el archivo debe ser un PDF real. Inténtalo de nuevo, por favor.",
    )
    services.topic_create(
        actor=None,
        author=fellows[1],
        forum=activity,
        title="Mi diagnóstico: acceso a la información municipal",
        body="Encontré que solo 3 de cada 10 municipios publican sus actas de cabildo.\n\n- Fuente: portales municipales",
    )
    states = StateParticipation.objects.filter(phase=phase).select_related("state").order_by("state__short_name")
    for position, participation in enumerate(states, start=10):
        state = participation.state
        forum = services.forum_create(
            actor=None,
            phase=phase,
            kind=ForumKind.STATE,
            state=state,
            title=f"Equipo de {state.short_name}",
            slug=f"estado-{state.slug}",
            position=position,
            description=f"Solo para las y los fellows de {state.short_name} y el equipo de facilitación.",
        )
        team = [f for f in fellows if f.state_id == state.pk]
        if len(team) >= 2:
            topic = services.topic_create(
                actor=None,
                author=team[0],
                forum=forum,
                title="Reunión con el STL",
                body="¿Les parece bien reunirnos con el STL el próximo jueves?",
            )
            services.post_add(actor=None, author=team[1], topic=topic, body="Sí, llevo el borrador del proyecto.")


def _notice_and_news(phase: ProgramPhase, coordinator) -> None:
    notice = services.notice_create(
        actor=None,
        phase=phase,
        title="Fechas del primer seminario presencial",
        body="El primer seminario presencial será en la Ciudad de México. Revisen la **agenda** en la plataforma.",
    )
    services.notice_send(actor=None, notice=notice)
    services.news_create(
        actor=None,
        phase=phase,
        is_published=True,
        title=f"Arranca la generación {phase.year} de fellows",
        body=f"Con la generación {phase.year} el programa suma agentes locales de cambio en sus entidades participantes.",
    )


def _blog(phase: ProgramPhase, author: User, reviewer) -> None:
    post = services.blog_create(
        actor=None,
        author=author,
        phase=phase,
        submit=True,
        title=f"Lo que aprendí en el curso ({phase.year})",
        body="El gobierno abierto empieza por **escuchar**. Tres lecciones:\n\n1. Datos\n2. Diálogo\n3. Seguimiento",
    )
    services.blog_review(actor=None, post=post, decision="publicar")


def _conversations(facilitator, coordinator) -> None:
    phases = list(ProgramPhase.objects.order_by("number"))
    pairs = []
    if facilitator is not None:
        first = selectors.cohort_fellows(phases[0]).first()
        pairs.append((first, facilitator, phases[0], "Duda sobre la tarea del módulo 2"))
    if coordinator is not None and len(phases) > 1:
        second = selectors.cohort_fellows(phases[1]).first()
        pairs.append((second, coordinator, phases[1], "Constancia para mi institución"))
    for sender, recipient, phase, subject in pairs:
        if sender is None:
            continue
        conversation = services.conversation_start(
            actor=sender,
            phase=phase,
            recipient=recipient,
            subject=subject,
            body="Hola, ¿me pueden orientar? Gracias.",
        )
        services.message_reply(
            actor=recipient, conversation=conversation, body="Claro, con gusto. Te escribo los detalles."
        )
