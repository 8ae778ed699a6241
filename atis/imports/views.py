"""The Centre's import page: the template, an upload (check only, or import), and each
run's progress and result, polled with htmx while it runs; and the administrators' list of
runs that failed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from atis.core import access
from atis.core.errors import DomainError
from atis.imports import forms, selectors, services, uploads, workbook
from atis.web.forms import errors_text
from atis.web.lookups import or_404


@csrf_exempt  # the token is checked below, once the upload handlers are in place
@login_required
def import_page(request):
    access.require(request.user, "import.run")
    if request.method == "POST":
        refused = uploads.keep_in_memory(request)
        if refused is not None:
            messages.error(request, errors_text(refused.fields))
            return redirect("import-page")
    return _import_page(request)


@csrf_protect
def _import_page(request):
    user = request.user
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = services.import_start(actor=user, content=upload.read(), filename=upload.name,
                                            source=form.cleaned_data["source"],
                                            dry_run=request.POST.get("action") != "import")
            except DomainError as exc:
                messages.error(request, errors_text(exc.fields))
            else:
                return redirect("import-run", pk=run.pk)
        else:
            messages.error(request, errors_text(form.errors))
    return render(request, "imports/page.html", {
        "form": form, "runs": selectors.run_list(user=user)[:20]})


@login_required
def template_download(request):
    access.require(request.user, "import.run")
    response = HttpResponse(workbook.template_xlsx(), content_type=workbook.XLSX)
    response["Content-Disposition"] = 'attachment; filename="atis-import-template.xlsx"'
    return response


def _run_context(request, pk: int) -> dict:
    run = or_404(lambda: selectors.run_get(user=request.user, pk=pk))
    cases = selectors.run_cases(user=request.user, run=run) if run.result.get("committed") else []
    return {"run": run, "cases": cases}


@login_required
def run_page(request, pk: int):
    return render(request, "imports/run.html", _run_context(request, pk))


@login_required
def run_status(request, pk: int):
    """The run's status block alone (htmx swaps it in until the run has finished)."""
    return render(request, "imports/_status.html", _run_context(request, pk))


@login_required
def failures(request):
    """The administrators' list of runs that failed or stalled (no file content)."""
    access.require(request.user, "import.monitor")
    return render(request, "imports/failures.html", {
        "runs": selectors.failed_runs(user=request.user)[:100],
        "days": selectors.FAILED_WITHIN.days,
        "breadcrumbs": [{"label": _("Home"), "url": reverse("dashboard")}]})
