from apertus.accounts.demo import demo_people_load
from apertus.comments.models import Comment
from apertus.plans.demo import comments_demo_load
from apertus.plans.tests.conftest import build_plan
from apertus.program.demo import fellows_demo_load


def test_demo_comments_are_created_once(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    demo_people_load()
    fellows_demo_load()
    build_plan("20")
    build_plan("26")
    first = comments_demo_load()
    assert first == 8 and Comment.objects.count() == 8
    assert Comment.objects.filter(parent__isnull=False).count() == 4
    assert comments_demo_load() == 0 and Comment.objects.count() == 8
