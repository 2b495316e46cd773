"""What the calls app holds about a person: their download, and what goes when they leave."""

from __future__ import annotations

from apertus.calls.models import Application, Result


def personal_data(user) -> list[dict]:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("call", "state")
        .prefetch_related("cv_entries")
        .order_by("created_at")
    )
    return [
        {
            "convocatoria": a.call.title,
            "estado": a.status,
            "enviada": a.submitted_at,
            "exposicion_de_motivos": a.motives,
            "video": a.video_url,
            "entidad": a.state.short_name if a.state_id else None,
            "genero": a.gender,
            "sector": a.sector,
            "comprobante_de_domicilio": a.proof.get_absolute_url() if a.proof_id else None,
            "aviso_de_privacidad_aceptado": a.consent_at,
            "resultado": a.result,
            "curriculum": [
                {
                    "seccion": e.section,
                    "titulo": e.title,
                    "organizacion": e.organization,
                    "desde": e.start_year,
                    "hasta": e.end_year,
                    "nivel": e.level,
                    "descripcion": e.description,
                }
                for e in a.cv_entries.all()
            ],
        }
        for a in applications
    ]


def forget(user) -> None:
    """On account deletion: proofs of address go, with their files; applications that were not
    accepted go entirely (scores included). An accepted application stays, emptied of the
    person's texts, because the published results and the cohort point to it."""
    applications = list(Application.objects.filter(applicant=user).select_related("proof"))
    for application in applications:
        document = application.proof
        if document is not None:
            application.proof = None
            application.save(update_fields=["proof"])
            document.file.delete(save=False)
            document.delete()
            document.history.all().delete()
        application.history.all().delete()
    Application.objects.filter(applicant=user).exclude(result=Result.ACCEPTED).delete()
    for application in Application.objects.filter(applicant=user, result=Result.ACCEPTED):
        application.motives = application.video_url = ""
        application.save(update_fields=["motives", "video_url"])
        application.cv_entries.all().delete()
