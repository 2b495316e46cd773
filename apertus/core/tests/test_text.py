import pytest

from apertus.core.testing import assert_inert
from apertus.core.text import render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle/></svg>',
    '<a href="https://ejemplo.mx" onclick="x()">a</a>',
    "<iframe src='https://evil.example'></iframe>",
    "‮gnp.exe",
    "x" * 20000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text):
    assert_inert(str(render_markdown(text)))


def test_markdown_keeps_ordinary_formatting_and_marks_links():
    html = str(render_markdown("**Agua** para [todas](https://ejemplo.mx)\n\n- uno\n- dos"))
    assert "<strong>Agua</strong>" in html
    assert 'href="https://ejemplo.mx"' in html
    assert "nofollow" in html and "ugc" in html
    assert "<li>uno</li>" in html


def test_the_checker_itself_catches_active_content():
    for active in [
        '<a href="javascript:x()">a</a>',
        '<p onclick="x()">a</p>',
        "<script>x()</script>",
        '<img src="a.png">',
    ]:
        with pytest.raises(AssertionError):
            assert_inert(active)


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
