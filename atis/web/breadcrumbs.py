"""The trail above a page's title: (label, url name and arguments) pairs up to the page."""

from django.urls import reverse


def trail(*steps) -> list[dict]:
    """`steps`: (label, url name, *args) for each page above, then the page's own label."""
    *above, current = steps
    return [{"label": label, "url": reverse(name, args=args)} for label, name, *args in above] + \
        [{"label": current}]
