"""Pages of coordination: groups and meetings, memos and response rates, contact points."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from atis.coordination import forms as f
from atis.coordination import selectors, services
from atis.core import access
from atis.web.forms import run_action


@login_required
def meetings(request):
    user = request.user
    if request.method == "POST":
        post = request.POST
        if post.get("action") == "group":
            run_action(request, f.GroupForm(post), lambda d: services.group_create(actor=user, **d))
        elif post.get("action") == "meeting":
            form = f.MeetingForm(post)
            run_action(request, form, lambda _d: services.meeting_record(
                actor=user, group=selectors.groups(user=user).get(pk=post.get("group")),
                **form.meeting()))
        else:
            raise Http404
        return redirect("meetings")
    group_list = list(selectors.groups(user=user))
    page = Paginator(selectors.meetings(user=user), 20).get_page(request.GET.get("page"))
    return render(request, "coordination/meetings.html", {
        "groups": group_list, "overdue": selectors.groups_overdue(user=user), "page": page,
        "may_manage": access.may(user, "coordination.manage"),
        "may_read_minutes": selectors.may_read_minutes(user),
        "group_form": f.GroupForm(), "meeting_form": f.MeetingForm()})


@login_required
def memos(request):
    user = request.user
    if request.method == "POST":
        post = request.POST
        if post.get("action") == "memo":
            run_action(request, f.MemoForm(post), lambda d: services.memo_send(actor=user, **d))
        elif post.get("action") == "response":
            run_action(request, f.ResponseForm(post), lambda d: services.memo_response(
                actor=user, memo=selectors.memos(user=user).get(pk=post.get("memo")), **d))
        else:
            raise Http404
        return redirect("memos")
    page = Paginator(selectors.memos(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "coordination/memos.html", {
        "page": page, "rates": selectors.response_rates(user=user), "memo_form": f.MemoForm(),
        "response_form": f.ResponseForm(), "organisation": user.organisation})


@login_required
def contacts(request):
    user = request.user
    if request.method == "POST":
        access.require(user, "contacts.manage")
        run_action(request, f.ContactForm(request.POST),
                   lambda d: services.contact_point_save(actor=user, **d))
        return redirect("contacts")
    stale = request.GET.get("stale") == "1"
    rows = [(c, selectors.is_stale(c)) for c in selectors.contact_points(user=user, stale=stale or None)]
    return render(request, "coordination/contacts.html", {
        "rows": rows, "stale": stale, "form": f.ContactForm(),
        "may_manage": access.may(user, "contacts.manage")})
