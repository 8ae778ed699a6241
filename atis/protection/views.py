"""Pages of protection. Each page posts its forms back to itself with an `action` naming
the form; an accepted action redirects (so a reload does not repeat it), a refused one
shows the messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.people import selectors as people
from atis.people.models import Person
from atis.protection import forms as f
from atis.protection import selectors, services
from atis.protection.models import ProtectionPlan, ResidenceStatus
from atis.web.forms import errors_text, run_action
from atis.web.lookups import or_404


def _person_or_404(user, pseudonym) -> Person:
    return or_404(people.person_get, user=user, pseudonym=pseudonym)


def _tasks_from(formset) -> list[dict]:
    return [form.cleaned_data for form in formset if form.cleaned_data]


def _plan_actions(request, user, person):
    plan = ProtectionPlan.objects.filter(person=person, status="active").first()
    post = request.POST
    return {
        "consent": lambda: run_action(request, f.ConsentForm(post), lambda d: services.consent_record(
            actor=user, person=person, **d)),
        "withdraw": lambda: run_action(request, f.forms.Form(post), lambda d: services.consent_withdraw(
            actor=user, consent=person.consents.get(pk=post.get("consent")))),
        "conference": lambda: run_action(request, f.ConferenceForm(post),
                                   lambda d: services.conference_record(actor=user, person=person, **d)),
        "plan": lambda: _plan_create(request, user, person),
        "revise": lambda: _plan_revise(request, user, plan),
        "close": lambda: run_action(request, f.CloseForm(post), lambda d: services.plan_close(
            actor=user, plan=plan, **d)),
        "placement": lambda: run_action(request, f.PlacementForm(post), lambda d: services.placement_record(
            actor=user, person=person, **d)),
        "refusal": lambda: run_action(request, f.RefusalForm(post),
                                lambda d: services.placement_refusal_record(actor=user, person=person, **d)),
        "residence": lambda: run_action(request, f.ResidenceForm(post),
                                  lambda d: services.residence_status_record(actor=user, person=person, **d)),
        "residence_update": lambda: run_action(request, f.ResidenceDecisionForm(post),
                                         lambda d: _residence_update(user, person, post, d)),
        "admit": lambda: run_action(request, f.AdmitForm(post), lambda d: services.stay_admit(
            actor=user, person=person, shelter=Organisation.objects.get(code="shelter"), **d)),
    }


def _plan_create(request, user, person) -> bool:
    formset = f.TaskFormSet(request.POST, prefix="task")
    if not formset.is_valid():
        messages.error(request, " ".join(errors_text(e) for e in formset.errors if e))
        return False
    return run_action(request, f.PlanForm(request.POST), lambda d: services.plan_create(
        actor=user, person=person, tasks=_tasks_from(formset),
        conference=person.case_conferences.first(), **d))


def _plan_revise(request, user, plan) -> bool:
    if plan is None:
        raise Http404
    formset = f.TaskFormSet(request.POST, prefix="task")
    if not formset.is_valid():
        messages.error(request, " ".join(errors_text(e) for e in formset.errors if e))
        return False
    cancel = [int(v) for v in request.POST.getlist("cancel_task") if v.isdigit()]
    return run_action(request, f.ReviseForm(request.POST), lambda d: services.plan_revise(
        actor=user, plan=plan, add_tasks=_tasks_from(formset), cancel_tasks=cancel, **d))


def _residence_update(user, person, post, data):
    status = person.residence_statuses.filter(pk=post.get("status")).first()
    if status is None:
        raise DomainError({"status": _("Choose the status to update.")})
    if data["opinion"]:
        services.residence_opinion(actor=user, status=status, positive=data["opinion"] == "positive",
                                   on=data["opinion_on"] or data["decided_on"])
    if data["decision"]:
        services.residence_decide(actor=user, status=status, decision=data["decision"],
                                  on=data["decided_on"], expires_on=data["expires_on"])
    if post.get("border_police") and data["decided_on"]:
        services.border_police_notified(actor=user, status=status, on=data["decided_on"])


def _shared_actions(request, user, person):
    post = request.POST
    tasks = access.visible_tasks(user).filter(plan__person=person)
    return {
        "service": lambda: run_action(request, f.ServiceForm(post, tasks=tasks),
                                lambda d: services.service_record(actor=user, person=person, **d)),
        "task": lambda: run_action(request, f.TaskStatusForm(post), lambda d: services.task_set_status(
            actor=user, task=tasks.get(pk=post.get("task")), **d)),
    }


@login_required
def protection_page(request, pseudonym):
    person = _person_or_404(request.user, pseudonym)
    centre = access.may(request.user, "protection.manage")
    if request.method == "POST":
        actions = _shared_actions(request, request.user, person)
        if centre:
            actions.update(_plan_actions(request, request.user, person))
        action = actions.get(request.POST.get("action"))
        if action is None:
            raise Http404
        action()
        return redirect("protection-page", pseudonym=pseudonym)
    data = selectors.protection_file(user=request.user, person=person)
    tasks = access.visible_tasks(request.user).filter(plan__person=person)
    context = {"person": person, "file": data, "centre": centre,
               "service_form": f.ServiceForm(tasks=tasks), "task_status_form": f.TaskStatusForm()}
    if centre:
        context.update({
            "consent_form": f.ConsentForm(), "conference_form": f.ConferenceForm(),
            "plan_form": f.PlanForm(), "revise_form": f.ReviseForm(), "close_form": f.CloseForm(),
            "task_formset": f.TaskFormSet(prefix="task"), "placement_form": f.PlacementForm(),
            "refusal_form": f.RefusalForm(), "residence_form": f.ResidenceForm(),
            "residence_update_form": f.ResidenceDecisionForm(), "admit_form": f.AdmitForm(),
            "residence_kinds": ResidenceStatus.Kind})
    return render(request, "protection/page.html", context)


@login_required
def task_inbox(request):
    access.require(request.user, "task.update")
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(selectors.task_inbox(user=request.user, overdue=overdue), 50).get_page(
        request.GET.get("page"))
    return render(request, "protection/inbox.html", {"page": page, "overdue": overdue})


@login_required
def shelter(request):
    overview = selectors.shelter_overview(user=request.user)
    return render(request, "protection/shelter.html", {"overview": overview})


@login_required
def stay_page(request, pk):
    stay = or_404(selectors.stay_get, user=request.user, pk=pk)
    if request.method == "POST":
        post, user = request.POST, request.user
        actions = {
            "extend": (f.ExtendForm, lambda d: services.stay_extend(actor=user, stay=stay, **d)),
            "phase": (f.PhaseForm, lambda d: services.stay_move_phase(actor=user, stay=stay, **d)),
            "leave": (f.LeaveForm, lambda d: services.stay_leave(actor=user, stay=stay, **d)),
            "examination": (f.ExaminationForm,
                            lambda d: services.examination_record(actor=user, stay=stay, **d)),
            "incident": (f.IncidentForm,
                         lambda d: services.incident_record(actor=user, stay=stay, **d)),
        }
        if post.get("action") not in actions:
            raise Http404
        form_class, action = actions[post["action"]]
        run_action(request, form_class(post), action)
        return redirect("stay-page", pk=pk)
    return render(request, "protection/stay.html", {
        "stay": stay, "extend_form": f.ExtendForm(), "phase_form": f.PhaseForm(),
        "leave_form": f.LeaveForm(), "examination_form": f.ExaminationForm(),
        "incident_form": f.IncidentForm(),
        "examinations": stay.examinations.all(), "phases": stay.phase_changes.all(),
        "incidents": stay.incidents.all() if access.may(request.user, "shelter.work") else []})
