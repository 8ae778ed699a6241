"""Pages of protection. Each page posts its forms back to itself with an `action` naming
the form; an accepted action redirects (so a reload does not repeat it), a refused one
shows the messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm, BaseFormSet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.paging import BoundedPaginator
from atis.people import selectors as people
from atis.people.models import Person
from atis.protection import forms as f
from atis.protection import policy as protection_policy
from atis.protection import selectors, services
from atis.protection.filters import TaskInboxFilter
from atis.protection.models import ProtectionPlan, ResidenceStatus
from atis.web import lists
from atis.web.breadcrumbs import trail
from atis.web.forms import errors_text, run_action
from atis.web.lookups import or_404
from atis.web.widgets import fast_selects

ENDING_SHOWN = 20   # the Shelter page lists the first stays ending soon (and says how many)
RESIDENTS_PAGE = 50


def _person_or_404(user, pseudonym) -> Person:
    return or_404(people.person_get, user=user, pseudonym=pseudonym)


def _tasks_from(formset) -> list[dict]:
    return [form.cleaned_data for form in formset if form.cleaned_data]


def _plan_actions(request, user, person) -> dict:
    """Action name → (context name of its form, the bound form's maker, the service call)."""
    plan = ProtectionPlan.objects.filter(person=person, status="active").first()
    post = request.POST
    return {
        "consent": ("consent_form", lambda: f.ConsentForm(post), lambda d: services.consent_record(
            actor=user, person=person, **d)),
        "withdraw": ("withdraw_form", lambda: f.WithdrawForm(post), lambda d: services.consent_withdraw(
            actor=user, consent=person.consents.get(pk=post.get("consent")), **d)),
        "conference": ("conference_form", lambda: f.ConferenceForm(post),
                       lambda d: services.conference_record(actor=user, person=person, **d)),
        "close": ("close_form", lambda: f.CloseForm(post), lambda d: services.plan_close(
            actor=user, plan=plan, **d)),
        "placement": ("placement_form", lambda: f.PlacementForm(post),
                      lambda d: services.placement_record(actor=user, person=person, **d)),
        "refusal": ("refusal_form", lambda: f.RefusalForm(post),
                    lambda d: services.placement_refusal_record(actor=user, person=person, **d)),
        "residence": ("residence_form", lambda: f.ResidenceForm(post),
                      lambda d: services.residence_status_record(actor=user, person=person, **d)),
        "residence_update": ("residence_update_form", lambda: f.ResidenceDecisionForm(post),
                             lambda d: _residence_update(user, person, post, d)),
        "admit": ("admit_form", lambda: f.AdmitForm(post), lambda d: services.stay_admit(
            actor=user, person=person, shelter=Organisation.objects.get(code="shelter"), **d)),
    }


def _with_tasks(request, form, call) -> tuple[dict, bool]:
    """A plan form with its task formset: the bound forms, and whether the action ran."""
    formset = f.TaskFormSet(request.POST, prefix="task")
    bound = {"task_formset": formset}
    if not formset.is_valid():
        messages.error(request, " ".join(errors_text(e) for e in formset.errors if e))
        form.is_valid()
        return bound, False
    return bound, run_action(request, form, lambda d: call(d, _tasks_from(formset)))


def _plan_create(request, user, person) -> tuple[dict, bool]:
    form = f.PlanForm(request.POST)
    bound, done = _with_tasks(request, form, lambda d, tasks: services.plan_create(
        actor=user, person=person, tasks=tasks, conference=person.case_conferences.first(), **d))
    return {**bound, "plan_form": form}, done


def _plan_revise(request, user, person) -> tuple[dict, bool]:
    plan = ProtectionPlan.objects.filter(person=person, status="active").first()
    if plan is None:
        raise Http404
    form = f.ReviseForm(request.POST)
    cancel = [int(v) for v in request.POST.getlist("cancel_task") if v.isdigit()]
    bound, done = _with_tasks(request, form, lambda d, tasks: services.plan_revise(
        actor=user, plan=plan, add_tasks=tasks, cancel_tasks=cancel, **d))
    return {**bound, "revise_form": form}, done


def _residence_update(user, person, post, data):
    status = person.residence_statuses.filter(pk=post.get("status")).first()
    if status is None:
        raise DomainError({"status": _("Choose the status to update.")})
    if data["opinion"]:
        services.residence_opinion(actor=user, status=status, positive=data["opinion"] == "positive",
                                   on=data["opinion_on"] or data["decided_on"])
    if data["decision"]:
        services.residence_decide(actor=user, status=status, decision=data["decision"],
                                  decided_on=data["decided_on"], expires_on=data["expires_on"])
    if post.get("border_police") and data["decided_on"]:
        services.border_police_notified(actor=user, status=status, on=data["decided_on"])


def _shared_actions(request, user, person) -> dict:
    post = request.POST
    tasks = protection_policy.visible_tasks(user).filter(plan__person=person)
    return {
        "service": ("service_form", lambda: f.ServiceForm(post, tasks=tasks),
                    lambda d: services.service_record(actor=user, person=person, **d)),
        "task": ("task_status_form", lambda: f.TaskStatusForm(post), lambda d: services.task_set_status(
            actor=user, task=tasks.get(pk=post.get("task")), **d)),
    }


def _post(request, person, centre) -> tuple[dict, bool]:
    """Run the posted action: the bound forms to show again, and whether it was done."""
    user, name = request.user, request.POST.get("action")
    if centre and name == "plan":
        return _plan_create(request, user, person)
    if centre and name == "revise":
        return _plan_revise(request, user, person)
    actions = _shared_actions(request, user, person)
    if centre:
        actions.update(_plan_actions(request, user, person))
    if name not in actions:
        raise Http404
    context_name, make_form, action = actions[name]
    form = make_form()
    return {context_name: form}, run_action(request, form, action)


@login_required
def protection_page(request, pseudonym):
    """A refused action shows the page again with what was typed and the messages."""
    person = _person_or_404(request.user, pseudonym)
    centre = access.may(request.user, "protection.manage")
    bound = {}
    if request.method == "POST":
        bound, done = _post(request, person, centre)
        if done:
            return redirect("protection-page", pseudonym=pseudonym)
    data = selectors.protection_file(user=request.user, person=person)
    tasks = protection_policy.visible_tasks(request.user).filter(plan__person=person)
    context = {"person": person, "file": data, "centre": centre,
               "service_form": f.ServiceForm(tasks=tasks), "task_status_form": f.TaskStatusForm()}
    if centre:
        context.update({
            "consent_form": f.ConsentForm(), "withdraw_form": f.WithdrawForm(),
            "conference_form": f.ConferenceForm(),
            "plan_form": f.PlanForm(), "revise_form": f.ReviseForm(), "close_form": f.CloseForm(),
            "task_formset": f.TaskFormSet(prefix="task"), "placement_form": f.PlacementForm(),
            "refusal_form": f.RefusalForm(), "residence_form": f.ResidenceForm(),
            "residence_update_form": f.ResidenceDecisionForm(), "admit_form": f.AdmitForm(),
            "residence_kinds": ResidenceStatus.Kind})
    context.update(bound)
    fast_selects(*(v for v in context.values() if isinstance(v, BaseForm | BaseFormSet)))
    context["open_action"] = request.POST.get("action") if bound else ""
    context["breadcrumbs"] = trail((_("People"), "person-list"),
                                   (person.pseudonym, "person-detail", person.pseudonym),
                                   _("Protection"))
    return render(request, "protection/page.html", context)


@login_required
def task_inbox(request):
    access.require(request.user, "task.update")
    found = TaskInboxFilter(request.GET or None, queryset=selectors.task_inbox(user=request.user))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    return render(request, "protection/inbox.html", {
        "page": page, "filter": found,
        "columns": lists.sort_columns(request, ("person", "deadline", "area", "status"))})


@login_required
def shelter(request):
    overview = selectors.shelter_overview(user=request.user)
    number = request.GET.get("page")
    return render(request, "protection/shelter.html", {
        "overview": overview, "ending_soon": overview["ending_soon"][:ENDING_SHOWN],
        "page": BoundedPaginator(overview["residents"], RESIDENTS_PAGE, number=number)
        .get_page(number)})


@login_required
def stay_page(request, pk):
    stay = or_404(selectors.stay_get, user=request.user, pk=pk)
    forms = {"extend": f.ExtendForm, "phase": f.PhaseForm, "leave": f.LeaveForm,
             "examination": f.ExaminationForm, "incident": f.IncidentForm}
    bound = {}
    if request.method == "POST":
        post, user = request.POST, request.user
        actions = {
            "extend": lambda d: services.stay_extend(actor=user, stay=stay, **d),
            "phase": lambda d: services.stay_move_phase(actor=user, stay=stay, **d),
            "leave": lambda d: services.stay_leave(actor=user, stay=stay, **d),
            "examination": lambda d: services.examination_record(actor=user, stay=stay, **d),
            "incident": lambda d: services.incident_record(actor=user, stay=stay, **d),
        }
        if post.get("action") not in actions:
            raise Http404
        form = forms[post["action"]](post)
        if run_action(request, form, actions[post["action"]]):
            return redirect("stay-page", pk=pk)
        bound = {f"{post['action']}_form": form}
    return render(request, "protection/stay.html", {
        "stay": stay, **{f"{name}_form": form_class() for name, form_class in forms.items()},
        **bound, "open_action": request.POST.get("action") if bound else "",
        "examinations": stay.examinations.all(), "phases": stay.phase_changes.all(),
        "incidents": stay.incidents.all() if access.may(request.user, "shelter.work") else []})
