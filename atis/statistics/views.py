"""The public statistics page (no sign-in: the published edition only), the internal
edition, and the downloads."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.core.years import check_year
from atis.statistics import exports, selectors

YEARS_SHOWN = 6


def _year(request) -> int:
    """`?year=` (this year when absent), checked as every statistics year is."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year
    if not raw.isdigit():
        raise DomainError({"year": _("The year must be a number, such as %(year)s.")
                           % {"year": timezone.localdate().year}})
    return check_year(int(raw))


def _refused(request, error: DomainError):
    return render(request, "web/errors/400.html", {"reasons": error.fields["year"]},
                  status=400)


def _page(request, published: bool):
    try:
        year = _year(request)
    except DomainError as exc:
        return _refused(request, exc)
    report, sections = selectors.annual_sections(user=request.user, year=year, published=published)
    this_year = timezone.localdate().year
    flag = "1" if published else "0"
    formats = [{"name": f.upper(), "url": reverse("statistics-download", args=[year, f])
                + f"?published={flag}"} for f in exports.FORMATS]
    return render(request, "statistics/public.html", {
        "report": report, "sections": sections, "formats": formats,
        "computed_at": parse_datetime(report["generated_at"]),
        "years": list(range(this_year, this_year - YEARS_SHOWN, -1))})


def public(request):
    return _page(request, published=True)


@login_required
def internal(request):
    return _page(request, published=False)


@csp_update({"style-src": ["'unsafe-inline'"]})
def download(request, year: int, fmt: str):
    """A file of the annual report; the internal edition needs a signed-in analyst."""
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        check_year(year)
    except DomainError as exc:
        return _refused(request, exc)
    published = request.GET.get("published", "1") != "0"
    if not published and not request.user.is_authenticated:
        return login_required(lambda r: None)(request)
    try:
        content, content_type = selectors.annual_file(
            user=request.user, year=year, fmt=fmt, published=published,
            language=translation.get_language() or "en")
    except exports.PdfUnavailable:
        return HttpResponse("PDF output needs the Pango libraries on the server.", status=503,
                            content_type="text/plain")
    response = HttpResponse(content, content_type=content_type)
    extension = {"csv": "zip"}.get(fmt, fmt)
    edition = "published" if published else "internal"
    if fmt != "html":
        name = f"atis-statistics-{year}-{edition}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
