"""A breadth-first crawl of the site as one signed-in user, from the dashboard over every
same-site `<a href>` (exports included, /admin/ only for staff). Redirects are followed as
links of the page that answered them.

Bounded: at most MAX_PER_PATTERN URLs per path pattern (digit runs and hex keys
normalised), one query string per path besides the bare path (the first seen: a page, a
filter, an export format) and MAX_PAGES requests. Each request runs in a savepoint that is
rolled back, so a GET that changed state could not skew the crawl.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import transaction

MAX_PAGES = 400
MAX_PER_PATTERN = 3
# POST-only or session-ending, not pages: sign-out (site and admin), the language switch.
SKIPPED = ("/logout/", "/admin/logout/", "/i18n/", "/static/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href.strip())


def _same_site(page: str, href: str) -> str | None:
    """The link as path + query (no fragment), or None if it leaves the site."""
    parts = urlsplit(urljoin(page, href))
    if href.startswith("#") or parts.scheme not in ("", "http", "https") \
            or parts.netloc not in ("", "testserver"):
        return None  # a fragment of the page, mailto:, tel:, javascript:, another site
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pattern(path: str) -> str:
    """The path with its numbers and keys replaced: the kind of page it is."""
    return re.sub(r"\d+", "N", re.sub(r"[0-9a-f]{16,}", "K", path))


def _get(client, url):
    """(status, response or None, error) of one GET, rolled back."""
    try:
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        return response.status_code, response, ""
    except Exception as exc:  # noqa: BLE001 - a view's exception is a 500 to report
        return 500, None, f"{type(exc).__name__}: {exc}"[:200]


@dataclass
class Crawl:
    broken: list = field(default_factory=list)   # (page, link, status) answering 4xx/5xx
    pages: list = field(default_factory=list)    # the HTML pages that answered 200
    requests: int = 0


def crawl(client, *, staff: bool) -> Crawl:
    queue, seen, per_pattern = deque([("(start)", "/")]), {"/"}, Counter()
    queried = set()  # paths already queued with a query string
    result = Crawl()
    while queue and result.requests < MAX_PAGES:
        source, url = queue.popleft()
        status, response, error = _get(client, url)
        result.requests += 1
        if status >= 400:
            result.broken.append((source, url, f"{status} {error}".strip()))
            continue
        if 300 <= status < 400:
            hrefs = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            result.pages.append(url)
            parser = _Links()
            parser.feed(response.content.decode())
            hrefs = parser.hrefs
        else:
            continue
        for link in filter(None, (_same_site(url, href) for href in hrefs)):
            if link in seen or link.startswith(SKIPPED) or \
                    (link.startswith("/admin/") and not staff):
                continue
            seen.add(link)
            path, _, query = link.partition("?")
            if (query and path in queried) or per_pattern[pattern(path)] >= MAX_PER_PATTERN:
                continue
            if query:
                queried.add(path)
            per_pattern[pattern(path)] += 1
            queue.append((url, link))
    return result
