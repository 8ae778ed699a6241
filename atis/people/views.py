from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from atis.core import access
from atis.core.errors import DomainError
from atis.people import policy as people_policy
from atis.people import record, selectors, services
from atis.people.filters import PersonFilter
from atis.people.forms import IdentityRequestForm, PersonForm, ReassignForm
from atis.people.models import Person
from atis.web import lists
from atis.web.forms import apply_domain_error
from atis.web.lookups import or_404


def _visible_or_404(user, pseudonym) -> Person:
    return or_404(selectors.person_get, user=user, pseudonym=pseudonym)


@login_required
def person_list(request):
    access.require(request.user, "person.view")
    found = PersonFilter(request.GET or None, queryset=selectors.person_list(user=request.user))
    page = Paginator(lists.filtered(found), 50).get_page(request.GET.get("page"))
    return render(request, "people/list.html", {
        "page": page, "filter": found, "may_create": access.may(request.user, "person.create"),
        "columns": lists.sort_columns(request, ("pseudonym", "born", "known"))})


@login_required
def person_create(request):
    access.require(request.user, "person.create")
    form = PersonForm(request.POST or None)
    matches = []
    if request.method == "POST" and form.is_valid():
        identity = form.identity()
        matches = selectors.likely_duplicates(user=request.user, **identity)
        if matches and not form.cleaned_data["confirm_new"]:
            form.add_error(None, _("Possible matches found. Check them before creating a new "
                                   "person."))
        else:
            try:
                person = services.person_create(
                    actor=request.user, sex=form.cleaned_data["sex"],
                    birth_year=form.cleaned_data["birth_year"],
                    citizenships=form.cleaned_data["citizenships"],
                    languages=form.cleaned_data["languages"], identity=identity)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Person %(p)s created.") % {"p": person.pseudonym})
                return redirect("person-detail", pseudonym=person.pseudonym)
    return render(request, "people/create.html", {"form": form, "matches": matches})


@login_required
def person_detail(request, pseudonym):
    person = _visible_or_404(request.user, pseudonym)
    services.assignment_notices_read(user=request.user, person=person)
    return render(request, "people/detail.html", {
        "person": person, "form": IdentityRequestForm(),
        "needs_reason": people_policy.identity_needs_reason(request.user, person),
        "may_see_identity": people_policy.may_see_identity(request.user, person),
        **record.page_context(request.user, person)})


@login_required
@require_POST
def person_identity(request, pseudonym):
    """Identity is shown only in answer to a POST (never in a URL, never cached)."""
    person = _visible_or_404(request.user, pseudonym)
    form = IdentityRequestForm(request.POST)
    identity = None
    if form.is_valid():
        try:
            identity = selectors.person_identity(user=request.user, person=person,
                                                 reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
    response = render(request, "people/detail.html", {
        "person": person, "form": form, "identity": identity,
        "needs_reason": people_policy.identity_needs_reason(request.user, person),
        "may_see_identity": True, **record.page_context(request.user, person)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_reassign(request, pseudonym):
    """Transfer the case to another caseworker or team (Centre managers). The role is
    checked before the person is looked up: every other role gets 403 here, whatever the
    pseudonym."""
    access.require(request.user, "person.assign")
    person = _visible_or_404(request.user, pseudonym)
    form = ReassignForm(request.POST or None,
                        staff=selectors.assignable_staff(user=request.user),
                        teams=selectors.assignable_teams(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            done = services.case_reassign(actor=request.user, person=person,
                                          **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _reassigned_message(done, request.user))
            return redirect("person-detail", pseudonym=person.pseudonym)
    history = list(selectors.assignment_history(user=request.user, person=person))
    return render(request, "people/reassign.html", {
        "person": person, "form": form, "history": history,
        "current": [a for a in history if a.active],
        "breadcrumbs": [
            {"label": _("People"), "url": reverse("person-list")},
            {"label": person.pseudonym,
             "url": reverse("person-detail", args=[person.pseudonym])},
            {"label": _("Reassign the case"), "url": None}]})


def _reassigned_message(done: services.Reassignment, actor) -> str:
    """What happened and what comes next, for the manager who made the change."""
    assignment = done.assignment
    case = assignment.person.pseudonym
    if assignment.user_id == actor.pk:
        return _("The case %(case)s is now assigned to you.") % {"case": case}
    if assignment.user is not None:
        return _("The case %(case)s is now assigned to %(name)s. They have been notified and "
                 "will find it on their dashboard.") % {
            "case": case, "name": assignment.user.get_full_name() or assignment.user.username}
    if not done.notified:
        return _("The case %(case)s is now assigned to the team %(team)s. The team has no "
                 "other members yet, so nobody was notified.") % {
            "case": case, "team": assignment.team.name}
    return ngettext(
        "The case %(case)s is now assigned to the team %(team)s. Its %(n)d member has been "
        "notified and will find it on their dashboard.",
        "The case %(case)s is now assigned to the team %(team)s. Its %(n)d members have been "
        "notified and will find it on their dashboard.", done.notified) % {
        "case": case, "team": assignment.team.name, "n": done.notified}
