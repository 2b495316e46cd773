"""Search, sitemap and feed: public records are found, drafts never are."""

from apertus.plans.models import PlanStatus
from apertus.plans.services import progress_report
from apertus.plans.tests.conftest import build_plan


def test_drafts_are_not_in_search_sitemap_or_feed(client, db):
    public = build_plan("20", commitments=1)
    draft = build_plan("26", commitments=1, status=PlanStatus.DRAFT)
    draft.commitments.update(title="Compromiso secreto en borrador")
    public.commitments.update(title="Compromiso visible de agua")
    for plan in (public, draft):
        progress_report(
            actor=None, milestone=plan.commitments.get().milestones.first(), progress=10, status="en_proceso"
        )

    html = client.get("/buscar/?q=compromiso").content.decode()
    assert "Compromiso visible de agua" in html and "secreto" not in html

    sitemap = (
        client.get("/sitemap-plans.xml").content.decode() + client.get("/sitemap-commitments.xml").content.decode()
    )
    assert public.get_absolute_url() in sitemap and draft.get_absolute_url() not in sitemap
    assert public.commitments.get().get_absolute_url() in sitemap
    assert draft.commitments.get().get_absolute_url() not in sitemap

    feed = client.get("/avances.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert "Compromiso visible de agua" in text and "secreto" not in text


def test_search_handles_short_long_and_hostile_queries(client, db, django_assert_max_num_queries):
    assert client.get("/buscar/?q=a").status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get("/buscar/?q=" + "<script>alert(1)</script>" * 50)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "Oaxaca" in client.get("/buscar/?q=oaxa").content.decode()
    assert "16.10" in client.get("/buscar/?q=16.10").content.decode()
