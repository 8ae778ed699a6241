import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atis.core import access, idempotency
from atis.core.errors import DomainError
from atis.core.paging import BoundedPaginator
from atis.core.roles import CENTRE_ROLES
from atis.identification import services as identification
from atis.intake import selectors, services
from atis.intake.filters import ReportFilter
from atis.intake.forms import AcceptForm, DismissForm, HotlineCallForm, PersonFormSet, ReportForm
from atis.intake.models import Report
from atis.people import selectors as people
from atis.web import lists
from atis.web.breadcrumbs import trail
from atis.web.forms import apply_domain_error
from atis.web.lookups import or_404

REPORT_FIELDS = ("received_at", "channel", "source_type", "suspected_forms", "exploitation_place",
                 "exploitation_country", "narrative", "reporter_contact", "checklist", "indicators")


def _report_fields(form, exclude=()) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in REPORT_FIELDS and k not in exclude}


def _report_or_404(user, reference) -> Report:
    return or_404(selectors.report_get, user=user, reference=reference)


def _duplicates(user, persons: list[dict]) -> list:
    """For the Centre: possible matches of each new person, before anything is created."""
    if user.role not in CENTRE_ROLES:
        return []
    found = []
    for person in persons:
        identity = person.get("identity")
        if identity:
            found += people.likely_duplicates(user=user, **identity)
    return found


def _report_forms(request):
    centre = request.user.role in CENTRE_ROLES
    checklist = request.POST.get("checklist") or request.GET.get("checklist", "")
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, user=request.user, checklist_code=checklist)
    persons = PersonFormSet(data, form_kwargs={"centre": centre}, prefix="person")
    return form, persons


def _submit(request, form, persons, **extra):
    """Validate the report forms and submit; returns the report or None (errors on form)."""
    if "refresh" in request.POST or not (form.is_valid() and persons.is_valid()):
        return None, []
    entries = [f.person() for f in persons if f.has_person()]
    matches = _duplicates(request.user, entries)
    if matches and not request.POST.get("confirm_new"):
        form.add_error(None, _("Possible matches found. Check them before creating new persons."))
        return None, matches

    def submit():
        report = services.report_submit(actor=request.user, persons=entries,
                                        **_report_fields(form), **extra)
        return 201, report.reference

    try:  # the form's key: pressed twice, the form sends one report
        answer = idempotency.once(user=request.user, endpoint="page:report-create",
                                  key=request.POST.get("form_key", ""), fingerprint="report-form",
                                  run=submit)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return None, matches
    return selectors.report_get(user=request.user, reference=answer.data), matches


@login_required
def report_list(request):
    found = ReportFilter(request.GET or None, queryset=Report.objects.none())
    try:
        qs = selectors.report_list(user=request.user, filters=request.GET)
    except DomainError:
        found.is_valid()  # the form shows what it refused; the list stays whole
        qs = selectors.report_list(user=request.user)
    number = request.GET.get("page")
    page = BoundedPaginator(qs.prefetch_related("feedback"), 50, number=number).get_page(number)
    return render(request, "intake/list.html", {
        "page": page, "filter": found, "centre": access.may(request.user, "report.triage"),
        "columns": lists.sort_columns(request, ("reference", "received", "persons"))})


@login_required
def report_create(request):
    access.require(request.user, "report.submit")
    form, persons = _report_forms(request)
    matches = []
    if request.method == "POST":
        report, matches = _submit(request, form, persons)
        if report is not None:
            messages.success(request, _("Report %(ref)s was sent to the Centre.") % {"ref": report.reference})
            return redirect("report-detail", reference=report.reference)
    return render(request, "intake/create.html", {
        "form": form, "persons": persons, "matches": matches,
        "form_key": request.POST.get("form_key") or uuid.uuid4().hex})


def _detail(request, report, status=200, **forms):
    """The report page; a refused triage shows its form again as typed."""
    centre = access.may(request.user, "report.triage")
    context = {"report": report, "centre": centre,
               "breadcrumbs": trail((_("Reports"), "report-list"), report.reference)}
    if centre:
        persons = [link.person for link in report.persons.select_related("person")]
        openable = set(people.person_list(user=request.user).filter(
            pk__in=[person.pk for person in persons]).values_list("pk", flat=True))
        for person in persons:   # a caseworker opens only the persons of their caseload
            person.openable = person.pk in openable
        context.update({"accept_form": AcceptForm(), "dismiss_form": DismissForm(),
                        "persons": persons, **forms})
    return render(request, "intake/detail.html", context, status=status)


@login_required
def report_detail(request, reference):
    return _detail(request, _report_or_404(request.user, reference))


@login_required
@require_POST
def report_file(request, reference):
    report = _report_or_404(request.user, reference)
    file = selectors.report_file(user=request.user, report=report)
    response = render(request, "intake/file.html", {"report": report, "file": file})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def report_accept(request, reference):
    report = _report_or_404(request.user, reference)
    access.require(request.user, "report.triage")
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            procedures = identification.report_accept(actor=request.user, report=report,
                                                      **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Report accepted: %(n)d identification procedure(s) "
                                        "opened.") % {"n": len(procedures)})
            return redirect("procedure-detail", pk=procedures[0].pk) if procedures else \
                redirect("report-detail", reference=reference)
    return _detail(request, report, status=400, accept_form=form)


@login_required
@require_POST
def report_dismiss(request, reference):
    report = _report_or_404(request.user, reference)
    access.require(request.user, "report.triage")
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.report_dismiss(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Report dismissed."))
            return redirect("report-detail", reference=reference)
    return _detail(request, report, status=400, dismiss_form=form)


@login_required
def hotline(request):
    access.require(request.user, "hotline.log")
    call_form = HotlineCallForm(request.POST or None)
    form, persons = _report_forms(request)
    matches = []
    if request.method == "POST" and "refresh" not in request.POST and call_form.is_valid():
        call = dict(call_form.cleaned_data)
        try:
            if call["outcome"] == "report":
                if not (form.is_valid() and persons.is_valid()):
                    raise DomainError({"outcome": _("Complete the report below.")})
                entries = [f.person() for f in persons if f.has_person()]
                call["report"] = {"persons": entries,
                                  **_report_fields(form, exclude=("channel", "received_at"))}
            logged = services.hotline_call_log(actor=request.user, **call)
        except DomainError as exc:
            apply_domain_error(call_form, exc)
        else:
            messages.success(request, _("Call logged.") if logged.report is None else
                             _("Call logged and report %(ref)s sent to the Centre.")
                             % {"ref": logged.report.reference})
            return redirect("hotline")
    return render(request, "intake/hotline.html", {
        "call_form": call_form, "form": form, "persons": persons, "matches": matches,
        "calls": selectors.hotline_calls(user=request.user)[:20]})
