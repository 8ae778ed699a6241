"""The public statistics page and downloads (no sign-in: releases only, served as stored),
the internal edition, and the releases page where the publishers review and publish."""

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atis.core import access
from atis.core.errors import DomainError
from atis.core.years import check_year
from atis.statistics import engine, exports, selectors, services
from atis.statistics.models import ReleaseFile
from atis.statistics.throttling import throttled
from atis.web.forms import apply_domain_error, errors_text

YEARS_SHOWN = 6
CONTENT_TYPES = {
    "json": "application/json", "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8", "pdf": "application/pdf",
    ReleaseFile.Format.DATASET: "text/csv; charset=utf-8",
}
METHODS = {engine.METHOD: gettext_lazy(
    "the fewest persons hidden so that no small count can be worked out, checked by linear "
    "programming (version 1)")}


def _year(request, *, default=None) -> int | None:
    """`?year=` (`default` when absent), checked as every statistics year is."""
    raw = request.GET.get("year", "")
    if not raw:
        return default
    if not raw.isdigit():
        raise DomainError({"year": _("The year must be a number, such as %(year)s.")
                           % {"year": timezone.localdate().year}})
    return check_year(int(raw))


def _refused(request, error: DomainError):
    return render(request, "web/errors/400.html", {"reasons": error.fields["year"]},
                  status=400)


def _stored(stored: ReleaseFile, name: str) -> HttpResponse:
    response = HttpResponse(bytes(stored.content), content_type=CONTENT_TYPES[stored.format])
    if stored.format != "html":
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(stored: ReleaseFile) -> str:
    release = stored.release
    if stored.format == ReleaseFile.Format.DATASET:
        return f"atis-statistics-{release.year}-v{release.version}-dataset.csv"
    extension = {"csv": "zip"}.get(stored.format, stored.format)
    return f"atis-statistics-{release.year}-v{release.version}-{stored.language}.{extension}"


@throttled
def public(request):
    """The latest release of the chosen year (the newest year released when none is
    chosen), its earlier versions and every download: read from the stored files."""
    try:
        year = _year(request)
    except DomainError as exc:
        return _refused(request, exc)
    language = selectors.served_language()
    shown = selectors.public_page(year=year, language=language)
    versions = [{
        "release": release, "method": METHODS.get(release.method, release.method),
        "downloads": [{"name": ReleaseFile.Format(fmt).label,
                       "url": _release_url(release, language, fmt)}
                      for fmt in [*exports.FORMATS, ReleaseFile.Format.DATASET]
                      if fmt in shown.formats[release.pk]],
        "without_pdf": "pdf" not in shown.formats[release.pk],
    } for release in shown.versions]
    return render(request, "statistics/public.html", {
        "year": shown.year, "years": shown.years, "versions": versions,
        "latest": versions[0] if versions else None, "fragment": shown.fragment})


def _release_url(release, language: str, fmt: str) -> str:
    if fmt == ReleaseFile.Format.DATASET:
        return reverse("statistics-release-dataset", args=[release.year, release.version])
    return reverse("statistics-release-file",
                   args=[release.year, release.version, language, fmt])


@login_required
def internal(request):
    """The internal edition (exact counts) as recently computed, for the analysts."""
    try:
        year = _year(request, default=timezone.localdate().year)
    except DomainError as exc:
        return _refused(request, exc)
    report, sections = selectors.annual_sections(user=request.user, year=year, published=False)
    this_year = timezone.localdate().year
    formats = [{"name": f.upper(), "url": reverse("statistics-download", args=[year, f])
                + "?published=0"} for f in exports.FORMATS]
    return render(request, "statistics/internal.html", {
        "report": report, "sections": sections, "formats": formats,
        "computed_at": parse_datetime(report["generated_at"]),
        "may_publish": access.may(request.user, "statistics.publish"),
        "years": list(range(this_year, this_year - YEARS_SHOWN, -1))})


@csp_update({"style-src": ["'unsafe-inline'"]})
def download(request, year: int, fmt: str):
    """A file of the annual report: the latest release's (published=1, the default), or
    the internal edition computed for a signed-in analyst (published=0)."""
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        check_year(year)
    except DomainError as exc:
        return _refused(request, exc)
    if request.GET.get("published", "1") != "0":
        return _released(request, year=year, fmt=fmt)
    if not request.user.is_authenticated:
        return login_required(lambda r: None)(request)
    try:
        content, content_type = selectors.annual_file(
            user=request.user, year=year, fmt=fmt, published=False, language=selectors.served_language())
    except exports.PdfUnavailable:
        return HttpResponse(_("PDF output needs the Pango libraries on the server."),
                            status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    if fmt != "html":
        extension = {"csv": "zip"}.get(fmt, fmt)
        name = f"atis-statistics-{year}-internal.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@throttled
def _released(request, *, year: int, fmt: str):
    try:
        stored = selectors.release_file(year=year, language=selectors.served_language(), fmt=fmt)
    except ReleaseFile.DoesNotExist:
        raise Http404(_("No release of %(year)s has this file.") % {"year": year}) from None
    return _stored(stored, _file_name(stored))


@throttled
@csp_update({"style-src": ["'unsafe-inline'"]})
def release_file(request, year: int, version: int, language: str, fmt: str):
    """A file of any version of a release, as it was stored when published."""
    if fmt not in exports.FORMATS or language not in dict(settings.LANGUAGES):
        raise Http404
    try:
        check_year(year)
        stored = selectors.release_file(year=year, version=version, language=language, fmt=fmt)
    except DomainError as exc:
        return _refused(request, exc)
    except ReleaseFile.DoesNotExist:
        raise Http404 from None
    return _stored(stored, _file_name(stored))


@throttled
def release_dataset(request, year: int, version: int):
    """The anonymised case-level dataset published with a release."""
    try:
        check_year(year)
        stored = selectors.release_file(year=year, version=version, language="",
                                        fmt=ReleaseFile.Format.DATASET)
    except DomainError as exc:
        return _refused(request, exc)
    except ReleaseFile.DoesNotExist:
        raise Http404 from None
    return _stored(stored, _file_name(stored))


class PublishForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), widget=forms.HiddenInput)
    change_note = forms.CharField(
        label=gettext_lazy("Change note"), required=False, max_length=services.CHANGE_NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required for a correction: what it corrects and why."))
    open_year = forms.BooleanField(
        label=gettext_lazy("Publish before the year has ended"), required=False)
    include_dataset = forms.BooleanField(
        label=gettext_lazy("Include the anonymised case-level dataset"), required=False)

    def clean_year(self):
        try:
            return check_year(self.cleaned_data["year"])
        except DomainError as exc:
            raise forms.ValidationError(exc.fields["year"]) from None


@login_required
def releases(request):
    """The releases of every year and, for a chosen year, the draft a release would freeze
    now with its disclosure audit, and the form that publishes it."""
    access.require(request.user, "statistics.publish")
    if request.method == "POST":
        form = PublishForm(request.POST)
        release, year = _publish(request, form)
        if release is not None:
            return redirect(reverse("statistics-public") + f"?year={release.year}")
    else:
        try:
            year = _year(request)
        except DomainError as exc:
            return _refused(request, exc)
        form = PublishForm(initial={"year": year})
    draft = selectors.release_draft(user=request.user, year=year) if year else None
    this_year = timezone.localdate().year
    return render(request, "statistics/releases.html", {
        "form": form, "year": year, "draft": draft, "this_year": this_year,
        "years": list(range(this_year, this_year - YEARS_SHOWN, -1)),
        "draft_method": METHODS.get(draft.publication.method, draft.publication.method)
        if draft else "", "by_year": _by_year(selectors.releases())})


def _publish(request, form):
    """(the release published, None) or, refused, (None, the year to review again: None
    when the year itself was refused)."""
    if not form.is_valid():
        messages.error(request, errors_text(form.errors))
        return None, form.cleaned_data.get("year")
    year = form.cleaned_data["year"]
    try:
        release = services.publish(request.user, **form.cleaned_data)
    except DomainError as exc:
        apply_domain_error(form, exc)
        messages.error(request, errors_text(exc.fields))
        return None, None if "year" in exc.fields else year
    messages.success(request, _("Published version %(version)d of %(year)d.")
                     % {"version": release.version, "year": release.year})
    return release, year


def _by_year(published) -> list[tuple[int, list]]:
    years: dict[int, list] = {}
    for release in published:
        years.setdefault(release.year, []).append(release)
    return list(years.items())
