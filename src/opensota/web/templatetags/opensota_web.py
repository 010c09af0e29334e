"""Template helpers: safe external links, page links that keep the query, numbers.

Everything here returns escaped text or builds HTML with `format_html`, which escapes
its arguments: no string from a dump or a user is ever marked safe as it is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.utils.html import format_html

register = template.Library()

_SAFE_SCHEMES = {"http", "https"}


@register.filter
def safe_url(value: object) -> str:
    """The URL if it is an absolute http(s) URL, else "" (javascript:, data:, relative...)."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return ""
    return url


@register.simple_tag
def external(url: object, label: object = None) -> str:
    """A link that leaves the site (nofollow, noopener), or just the label when the URL is unsafe."""
    href = safe_url(url)
    text = label if label not in (None, "") else url
    if not href:
        return format_html("{}", text or "")
    return format_html('<a href="{}" rel="nofollow noopener" class="external">{}</a>', href, text)


@register.simple_tag(takes_context=True)
def page_url(context, number: int, parameter: str = "page") -> str:
    """The current URL's query string with `parameter` set to `number` (other filters kept)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?{parameter}={number}"
    query[parameter] = str(number)
    return "?" + query.urlencode()


@register.filter
def thousands(value: object) -> str:
    """12345 -> "12,345"; None or text -> "" or the text."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)


@register.filter
def yes_no_unknown(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "—")


@register.filter
def display_url(value: object) -> str:
    """A URL as people read it: "https://github.com/a/b/" -> "github.com/a/b"."""
    text = str(value or "")
    for prefix in ("https://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    return text.removeprefix("www.").rstrip("/")
