"""Dump and user strings are escaped everywhere, and only http(s) URLs become links."""

from __future__ import annotations

import re

import pytest

from opensota.web.templatetags.opensota_web import display_url, external, safe_url
from tests.web.conftest import escaped

SCRIPT = "<script>alert(1)</script>"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_hostile_title_is_escaped_on_the_paper_page(client, hostile_paper):
    html = page(client, hostile_paper.get_absolute_url())
    assert SCRIPT not in html
    assert escaped(SCRIPT) in html
    assert "<img src=x" not in html and escaped('<img src=x onerror="alert(2)">') in html
    assert "<b>tags</b>" not in html
    assert "<script>alert(5)</script>" not in html and escaped("<script>alert(5)</script>") in html


@pytest.mark.django_db
def test_hostile_title_is_escaped_in_search_results(client, hostile_paper):
    html = page(client, "/search?q=Zyzzyvaquux")
    assert hostile_paper.get_absolute_url() in html
    assert SCRIPT not in html and escaped(SCRIPT) in html
    assert "<script>alert(5)</script>" not in html


@pytest.mark.django_db
def test_hostile_title_is_escaped_on_the_author_page(client, hostile_paper):
    html = page(client, "/author/hostile-author")
    assert hostile_paper.get_absolute_url() in html
    assert SCRIPT not in html and escaped(SCRIPT) in html
    assert "<script>alert(5)</script>" not in html


@pytest.mark.django_db
def test_unsafe_urls_never_become_links(client, hostile_paper):
    html = page(client, hostile_paper.get_absolute_url())
    assert "javascript:" not in html
    assert 'href="data:' not in html


@pytest.mark.django_db
def test_pages_load_no_script_and_no_outside_assets(client, bert):
    for url in ["/", bert.get_absolute_url(), "/task/question-answering", "/search?q=bert"]:
        html = page(client, url)
        assert "<script" not in html
        for tag in re.findall(r"<(?:link|img|iframe)\b[^>]*>", html):
            assert "http:" not in tag and "https:" not in tag and "//" not in tag, tag


@pytest.mark.django_db
def test_external_links_are_nofollow_noopener(client, bert, squad):
    for url in [bert.get_absolute_url(), squad.get_absolute_url(), "/repository/google-research/bert"]:
        html = page(client, url)
        links = re.findall(r"<a\b[^>]*href=\"https?://[^>]*>", html)
        assert links, url
        for link in links:
            assert 'rel="nofollow noopener"' in link, link


@pytest.mark.parametrize("url", [
    "http://example.org/a?b=c", "https://github.com/google-research/bert", "HTTPS://EXAMPLE.ORG",
])
def test_safe_url_keeps_http_and_https(url):
    assert safe_url(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "file:///etc/passwd",
    "/relative/path", "//evil.example/x", "https://", "http:/one-slash", "mailto:a@b.c",
    "https://exa mple.org", "https://example.org/\x00", "", None, 42, ["https://x.org"],
    "http://[::1",
])
def test_safe_url_drops_everything_else(url):
    assert safe_url(url) == ""


def test_external_builds_escaped_links():
    assert external("https://a.org/?x=1&y=<2>", "<b>label</b>") == (
        '<a href="https://a.org/?x=1&amp;y=&lt;2&gt;" rel="nofollow noopener" class="external">'
        "&lt;b&gt;label&lt;/b&gt;</a>"
    )
    assert external("javascript:alert(1)", "<i>x</i>") == "&lt;i&gt;x&lt;/i&gt;"


def test_display_url():
    assert display_url("https://www.github.com/a/b/") == "github.com/a/b"
    assert display_url("http://x.org") == "x.org"
    assert display_url(None) == ""


@pytest.mark.django_db
def test_pages_only_answer_reads(client, bert):
    assert client.post(bert.get_absolute_url()).status_code in (403, 405)
    assert client.head(bert.get_absolute_url()).status_code == 200
    from django.test import Client

    assert Client(enforce_csrf_checks=False).post("/search", {"q": "x"}).status_code == 405


@pytest.mark.django_db
def test_the_leaderboard_loads_one_local_script_and_no_inline_code(client, squad):
    for query in ["", "?code=1&sort=F1&dir=asc", "?metric=EM"]:
        html = page(client, squad.get_absolute_url() + query)
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts == ['<script src="/static/opensota/leaderboard.js" defer>']
        assert re.findall(r"<script[^>]*>(.*?)</script>", html, re.S) == [""]  # no inline code
        assert re.search(r"\son[a-z]+\s*=", html) is None  # no inline event handlers
        assert "javascript:" not in html and ' style="' not in html


def test_the_leaderboard_script_sets_text_never_html():
    from pathlib import Path

    import opensota.web

    script = (Path(opensota.web.__file__).parent / "static" / "opensota" / "leaderboard.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert "textContent" in script


@pytest.mark.django_db
def test_hostile_model_names_are_escaped_on_the_leaderboard(client, squad):
    from opensota.evaluations.models import Result

    Result.objects.filter(table=squad).update(model_name=SCRIPT + '" onmouseover="alert(2)')
    for query in ["", "?sort=model&dir=asc", "?code=1"]:
        html = page(client, squad.get_absolute_url() + query)
        body = html.split("</head>")[1]
        assert SCRIPT not in body and 'onmouseover="' not in body
        assert escaped(SCRIPT + '" onmouseover="alert(2)') in body
