from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError
from atis.core.paging import BoundedPaginator
from atis.identification import selectors, services
from atis.identification.filters import AlertInboxFilter, ProcedureQueueFilter
from atis.identification.forms import (
    AlertSentForm,
    ApproveForm,
    DecisionForm,
    IndicatorsForm,
    InformedForm,
    InterviewForm,
    NoteForm,
)
from atis.identification.models import Decision, Procedure
from atis.intake.models import IndicatorChecklist
from atis.web import lists
from atis.web.breadcrumbs import trail
from atis.web.forms import apply_domain_error
from atis.web.lookups import or_404


def _procedure_or_404(user, pk) -> Procedure:
    return or_404(selectors.procedure_get, user=user, pk=pk)


@login_required
def work_queue(request):
    found = ProcedureQueueFilter(request.GET or None, queryset=Procedure.objects.none())
    caseworker = found.form.cleaned_data.get("caseworker") if found.is_valid() else None
    queue = selectors.work_queue(user=request.user,
                                 caseworker=int(caseworker) if caseworker else None)
    found.queryset = queue["procedures"]
    procedures = found.qs if found.is_valid() else queue["procedures"]
    number = request.GET.get("page")
    # The page's keys first (read from the queue index, however deep the page), then its
    # 50 rows with what they join: a deep page does not join the rows it skips.
    page = BoundedPaginator(procedures.values_list("pk", flat=True), 50,
                            number=number).get_page(number)
    rows = procedures.order_by().in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]  # (closed since)
    return render(request, "identification/queue.html", {
        "queue": queue, "page": page, "filter": found,
        "columns": lists.sort_columns(request, ("person", "due", "opened", "interviews"))})


def _formal_checklists():
    return IndicatorChecklist.objects.filter(kind="formal", current=True).prefetch_related(
        "indicators")


def _case_context(user, procedure, *, alert_form=None, **forms) -> dict:
    """Everything the case page shows, with the forms given (bound, after a refusal) in
    place of empty ones. Notes and interview notes are decrypted here, so every rendering
    is audited."""
    audit.record(user, "procedure.view", procedure)
    may_approve = access.may(user, "procedure.approve")
    alerts = [(a, alert_form if alert_form is not None and alert_form.alert.pk == a.pk
               else AlertSentForm(alert=a))
              for a in procedure.alerts.select_related("organisation")]
    indicators_form = forms.pop("indicators_form", None)
    context = {
        "breadcrumbs": trail((_("Work queue"), "work-queue"),
                             (procedure.person.pseudonym, "person-detail", procedure.person.pseudonym),
                             _("Identification procedure")),
        "procedure": procedure, "timeline": selectors.timeline(procedure=procedure),
        "alerts": alerts,
        "interviews": procedure.interviews.select_related("interpreter_language", "conducted_by"),
        "notes": procedure.notes.select_related("author"),
        "decisions": procedure.decisions.prefetch_related("forms", "recruitment").select_related(
            "decided_by", "approved_by"),
        "assessed": set(indicators_form.data.getlist("indicator")) if indicators_form else
        {str(pk) for pk in procedure.indicator_assessments.values_list("indicator_id", flat=True)},
        "formal_checklists": _formal_checklists(), "may_approve": may_approve,
        "indicators_form": indicators_form or IndicatorsForm(checklists=[]),
        "interview_form": InterviewForm(), "note_form": NoteForm(),
        "decision_form": DecisionForm(manager=may_approve, child=procedure.is_child),
        "approve_form": ApproveForm(),
        "informed_form": InformedForm(), "today": timezone.localdate(),
    }
    context.update(forms)
    return context


@login_required
def procedure_detail(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    return render(request, "identification/case.html", _case_context(request.user, procedure))


def _act(request, procedure, form_name: str, form, action, done) -> object:
    """Run one case-page form. Accepted: back to the case, with `done` (a message, or a
    function of the action's result giving it) saying what happened and what comes next.
    Refused: the case page shows the errors on the named form, as typed, or as a message
    when there is no form."""
    errors = {}
    if form is not None and not form.is_valid():
        errors = form.errors
    else:
        try:
            result = action(form.cleaned_data if form is not None else {})
        except DomainError as exc:
            errors = exc.fields
            if form is not None:
                apply_domain_error(form, exc)
    if not errors:
        messages.success(request, done(result) if callable(done) else done)
        return redirect("procedure-detail", pk=procedure.pk)
    if not form_name:
        messages.error(request, " ".join(str(m) for ms in errors.values() for m in ms))
        return redirect("procedure-detail", pk=procedure.pk)
    return render(request, "identification/case.html",
                  _case_context(request.user, procedure, **{form_name: form}), status=400)


@login_required
@require_POST
def interview_add(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    return _act(request, procedure, "interview_form", InterviewForm(request.POST),
                lambda data: services.interview_record(actor=request.user, procedure=procedure,
                                                       **data),
                _("The interview was recorded."))


@login_required
@require_POST
def note_add(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    return _act(request, procedure, "note_form", NoteForm(request.POST),
                lambda data: services.note_add(actor=request.user, procedure=procedure, **data),
                _("The note was added to the case."))


@login_required
@require_POST
def indicators_save(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    form = IndicatorsForm(request.POST, checklists=_formal_checklists())
    return _act(request, procedure, "indicators_form", form,
                lambda data: services.indicators_assess(
                    actor=request.user, procedure=procedure, indicator_ids=data["indicator"],
                    assessed_at=data["assessed_at"]),
                _("The indicators were saved."))


@login_required
@require_POST
def alert_sent(request, pk, alert_pk):
    procedure = _procedure_or_404(request.user, pk)
    alert = procedure.alerts.filter(pk=alert_pk).first()
    if alert is None:
        raise Http404
    return _act(request, procedure, "alert_form", AlertSentForm(request.POST, alert=alert),
                lambda data: services.alert_mark_sent(actor=request.user, alert=alert, **data),
                _("The alert is marked as sent."))


@login_required
@require_POST
def decision_add(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    form = DecisionForm(request.POST, manager=access.may(request.user, "procedure.approve"),
                        child=procedure.is_child)
    return _act(request, procedure, "decision_form", form,
                lambda data: services.decision_propose(actor=request.user, procedure=procedure,
                                                       **data),
                _decided)


def _decided(decision) -> str:
    if decision.state == Decision.State.PROPOSED:
        return _("The decision now waits for a manager's approval.")
    return _("The decision was recorded: %(outcome)s. Inform the person of the outcome.") % {
        "outcome": decision.get_outcome_display()}


def _decision(procedure, decision_pk) -> Decision:
    decision = procedure.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404
    return decision


@login_required
@require_POST
def decision_approve(request, pk, decision_pk):
    procedure = _procedure_or_404(request.user, pk)
    decision = _decision(procedure, decision_pk)
    form = ApproveForm(request.POST)
    if request.POST.get("action") == "return":
        return _act(request, procedure, "approve_form", form, lambda data: services.decision_return(
            actor=request.user, decision=decision, note=data["note"]),
            _("The decision went back to the caseworker with your note; the procedure is open again."))
    return _act(request, procedure, "approve_form", form, lambda data: services.decision_approve(
        actor=request.user, decision=decision, approved_at=data["approved_at"]), _decided)


@login_required
@require_POST
def decision_informed(request, pk, decision_pk):
    procedure = _procedure_or_404(request.user, pk)
    decision = _decision(procedure, decision_pk)
    return _act(request, procedure, "informed_form", InformedForm(request.POST),
                lambda data: services.person_informed(actor=request.user, decision=decision,
                                                      **data),
                _("Recorded that the person was informed of the outcome."))


@login_required
@require_POST
def procedure_resume(request, pk):
    procedure = _procedure_or_404(request.user, pk)
    return _act(request, procedure, "", None,
                lambda _d: services.procedure_resume(actor=request.user, procedure=procedure),
                _("The procedure was resumed."))


@login_required
def alert_inbox(request):
    """Alerts sent to the user's organisation (police, prosecutors, centres for social
    work, …): pseudonym and what they need to act, never the identity."""
    access.require(request.user, "alert.receive")
    found = AlertInboxFilter(request.GET or None, queryset=selectors.alert_list(
        user=request.user).order_by("-sent_at", "-pk"))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    return render(request, "identification/alerts.html", {
        "page": page, "filter": found, "columns": lists.sort_columns(request, ("sent", "person"))})
