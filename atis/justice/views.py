"""Pages of the justice track. Forms post back to their page with an `action`; a refused
one shows the page again with what was typed and the messages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.paging import BoundedPaginator
from atis.justice import forms as f
from atis.justice import selectors, services
from atis.justice.api import notification_text
from atis.justice.filters import CaseFilter, LegalAssistanceFilter, NotificationFilter
from atis.people import selectors as people
from atis.web import lists
from atis.web.breadcrumbs import trail
from atis.web.forms import run_action
from atis.web.lookups import or_404


@login_required
def case_list(request):
    access.require(request.user, "case.view")
    form = f.CaseForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, "case.create")
        created = []
        if run_action(request, form, lambda d: created.append(services.case_open(actor=request.user, **d))):
            return redirect("case-page", pk=created[0].pk)
    number = request.GET.get("page")
    found = CaseFilter(request.GET or None, queryset=selectors.case_list(user=request.user))
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    return render(request, "justice/list.html", {
        "page": page, "form": form, "filter": found,
        "may_open": access.may(request.user, "case.create"),
        "columns": lists.sort_columns(request, ("reference", "filed"))})


def _by(queryset, field, value):
    return queryset.get(**{field: value}) if value else None


@login_required
def case_page(request, pk):
    case = or_404(selectors.case_get, user=request.user, pk=pk)
    user = request.user
    bound = {}
    if request.method == "POST":
        post = request.POST
        actions = {
            "defendant": (f.DefendantForm(post), "case.edit", lambda d: services.defendant_add(
                actor=user, case=case, **d)),
            "damaged_party": (f.DamagedPartyForm(post), "case.edit", lambda d: services.damaged_party_add(
                actor=user, case=case, person=d["person"])),
            "protection": (f.ProtectionForm(post), "case.edit", lambda d: services.damaged_party_update(
                actor=user, party=case.damaged_parties.get(pk=post.get("party")), **d)),
            "event": (f.EventForm(post, case=case), "event.record", lambda d: services.event_record(
                actor=user, case=case, **{**d,
                "defendant": _by(case.defendants, "pseudonym", d["defendant"]),
                "damaged_party": _by(case.damaged_parties, "person__pseudonym", d["damaged_party"])})),
            "opinion": (f.OpinionForm(post), "impunity.opinion", lambda d: services.impunity_opinion(
                actor=user, flag=selectors.impunity_flags(user=user).get(pk=post.get("flag")), **d)),
        }
        if post.get("action") not in actions:
            raise Http404
        form, requires, action = actions[post["action"]]
        if run_action(request, form, action, requires=requires):
            return redirect("case-page", pk=pk)
        bound = {f"{post['action']}_form": form}
    flags = selectors.impunity_flags(user=user).filter(defendant__case=case) \
        if access.may(user, "impunity.opinion") else []
    return render(request, "justice/case.html", {
        "breadcrumbs": trail((_("Criminal cases"), "case-list"), case.reference),
        "case": case, "timeline": selectors.case_timeline(case=case), "flags": flags,
        "may_edit": access.may(user, "case.edit"), "may_record": access.may(user, "event.record"),
        "defendant_form": f.DefendantForm(), "damaged_party_form": f.DamagedPartyForm(),
        "protection_form": f.ProtectionForm(), "event_form": f.EventForm(case=case),
        "opinion_form": f.OpinionForm(), **bound,
        "open_action": request.POST.get("action") if bound else ""})


@login_required
def inbox(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        post = request.POST
        done = True
        if post.get("action") == "mark":
            notification = selectors.notification_inbox(user=user).filter(pk=post.get("notification")).first()
            if notification is None:
                raise Http404
            services.notification_mark(actor=user, notification=notification,
                                       acted=post.get("acted") == "1")
        elif post.get("action") == "risk":
            bound = {"risk_form": f.RiskForm(post)}
            done = run_action(request, bound["risk_form"], lambda d: services.risk_assessment_complete(
                actor=user, assessment=selectors.risk_assessments(user=user).get(pk=post.get("assessment")),
                **d))
        elif post.get("action") == "flag":
            bound = {"flag_form": f.ImpunityFlagForm(post)}
            done = run_action(request, bound["flag_form"], lambda d: services.impunity_flag_record(
                actor=user, person=people.person_get(user=user, pseudonym=d.pop("person")), **d),
                requires="impunity.opinion")
        else:
            raise Http404
        if done:
            return redirect("justice-inbox")
    found = NotificationFilter(request.GET or None, queryset=selectors.notification_inbox(user=user))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    notifications = [(n, notification_text(n)) for n in page]
    return render(request, "justice/inbox.html", {
        "page": page, "notifications": notifications, "filter": found, "now": timezone.now(),
        "columns": lists.sort_columns(request, ("received",)),
        "assessments": selectors.risk_assessments(user=user), "risk_form": f.RiskForm(),
        "flags": selectors.impunity_flags(user=user).filter(opinion_on__isnull=True)
        if access.may(user, "impunity.opinion") else [],
        "flag_form": f.ImpunityFlagForm() if access.may(user, "impunity.opinion") else None, **bound})


@login_required
def legal_assistance(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        access.require(user, "legal_assistance.record")
        post = request.POST
        if post.get("action") == "outcome":
            form = f.LegalOutcomeForm(post)
            done = run_action(request, form, lambda d: services.legal_assistance_outcome(
                actor=user, request=selectors.legal_assistance(user=user).get(pk=post.get("request")),
                **d))
            bound = {"outcome_form": form}
        else:
            form = f.LegalAssistanceForm(post)
            done = run_action(request, form,
                              lambda d: services.legal_assistance_record(actor=user, **d))
            bound = {"form": form}
        if done:
            return redirect("legal-assistance")
    found = LegalAssistanceFilter(request.GET or None, queryset=selectors.legal_assistance(user=user))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    return render(request, "justice/legal_assistance.html", {
        "page": page, "filter": found, "form": f.LegalAssistanceForm(),
        "outcome_form": f.LegalOutcomeForm(),
        "columns": lists.sort_columns(request, ("requested", "country", "outcome")),
        "may_record": access.may(user, "legal_assistance.record"), **bound})
