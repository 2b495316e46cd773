"""Certificates: the fellow's PDF, issuing them, and the public verification page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apertus.accounts.privacy import client_ip, ip_hash
from apertus.core import ratelimit
from apertus.core.permissions import need, visible_or_404
from apertus.learning import selectors, services
from apertus.learning.views.common import course_or_404

VERIFY_RATE = (30, 60)  # lookups per address per minute: plenty for people, useless for guessing


@login_required
@require_GET
def certificate_pdf(request, pk: int):
    certificate = visible_or_404(request.user, "learning.view_certificate", selectors.certificate_get(pk=pk))
    pdf = services.certificate_pdf(actor=request.user, certificate=certificate, site_url=settings.SITE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="constancia-{certificate.program.phase.year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificates_issue(request, year: int):
    program = course_or_404(year)
    need(request.user, "learning.issue_certificate", program)
    issued = services.certificates_issue(actor=request.user, program=program)
    messages.success(request, _("Se emitieron %(n)s constancias.") % {"n": issued})
    return redirect("learning:gradebook", year)


@require_GET
def certificate_verify(request):
    """Anyone checks a code. A real and a forged code take the same path: one lookup, one page."""
    raw = request.GET.get("codigo", "")
    code = services.normalize_code(raw)
    if raw and not ratelimit.hit(f"certificate-verify:{ip_hash(client_ip(request))}", *VERIFY_RATE):
        return render(request, "learning/verify.html", {"code": raw[:60], "limited": True}, status=429)
    certificate = selectors.certificate_by_code(code) if raw else None
    return render(request, "learning/verify.html", {"code": raw[:60], "asked": bool(raw), "certificate": certificate})
