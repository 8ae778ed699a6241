"""Pages of coordination: groups and meetings, memos and response rates, contact points. A
refused form shows the page again with what was typed and the messages; a saved one comes
back to the list as it was filtered and sorted."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from atis.coordination import forms as f
from atis.coordination import selectors, services
from atis.coordination.filters import MeetingFilter, MemoFilter
from atis.core import access
from atis.core.paging import BoundedPaginator
from atis.web import lists
from atis.web.forms import run_action


@login_required
def meetings(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        post = request.POST
        if post.get("action") == "group":
            form, name = f.GroupForm(post), "group_form"
            done = run_action(request, form, lambda d: services.group_create(actor=user, **d),
                              requires="coordination.manage")
        elif post.get("action") == "meeting":
            form, name = f.MeetingForm(post), "meeting_form"
            done = run_action(request, form, lambda _d: services.meeting_record(
                actor=user, group=selectors.groups(user=user).get(pk=post.get("group")),
                **form.meeting()), requires="coordination.manage")
        else:
            raise Http404
        if done:
            return redirect(request.get_full_path())
        bound = {name: form}
    group_list = list(selectors.groups(user=user))
    found = MeetingFilter(request.GET or None, queryset=selectors.meetings(user=user),
                          groups=group_list)
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 20, number=number).get_page(number)
    return render(request, "coordination/meetings.html", {
        "groups": group_list, "overdue": selectors.groups_overdue(user=user), "page": page,
        "filter": found,
        "may_manage": access.may(user, "coordination.manage"),
        "may_read_minutes": selectors.may_read_minutes(user),
        "group_form": f.GroupForm(), "meeting_form": f.MeetingForm(), **bound})


@login_required
def memos(request):
    user = request.user
    bound = {}
    if request.method == "POST":
        post = request.POST
        if post.get("action") == "memo":
            form, name = f.MemoForm(post), "memo_form"
            done = run_action(request, form, lambda d: services.memo_send(actor=user, **d),
                              requires="memo.send")
        elif post.get("action") == "response":
            form, name = _response_form(post.get("memo"), post), "response_form"
            done = run_action(request, form, lambda d: services.memo_response(
                actor=user, memo=selectors.memos(user=user).get(pk=post.get("memo")), **d))
        else:
            raise Http404
        if done:
            return redirect(request.get_full_path())
        bound = {name: form}
    found = MemoFilter(request.GET or None, queryset=selectors.memos(user=user))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    refused = bound.get("response_form")
    for memo in page:
        # Each row's reply form has its own ids (and so its own labels); a refused one keeps
        # what was typed.
        memo.response_form = refused if refused is not None and \
            refused.data.get("memo") == str(memo.pk) else _response_form(memo.pk)
    return render(request, "coordination/memos.html", {
        "page": page, "filter": found, "rates": selectors.response_rates(user=user),
        "memo_form": f.MemoForm(), "organisation": user.organisation,
        "columns": lists.sort_columns(request, ("number", "sent", "due")), **bound})


def _response_form(memo_pk, data=None):
    return f.ResponseForm(data, auto_id=f"id_memo{memo_pk}_%s")


@login_required
def contacts(request):
    user = request.user
    form = f.ContactForm(request.POST or None)
    if request.method == "POST":
        access.require(user, "contacts.manage")
        if run_action(request, form, lambda d: services.contact_point_save(actor=user, **d)):
            return redirect("contacts")
    stale = request.GET.get("stale") == "1"
    rows = [(c, selectors.is_stale(c)) for c in selectors.contact_points(user=user, stale=stale or None)]
    return render(request, "coordination/contacts.html", {
        "rows": rows, "stale": stale, "form": form,
        "may_manage": access.may(user, "contacts.manage")})
