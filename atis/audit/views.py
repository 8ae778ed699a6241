from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from atis.audit import selectors
from atis.audit.filters import AuditTrailFilter
from atis.core.paging import BoundedPaginator
from atis.web import lists


@login_required
def audit_list(request):
    found = AuditTrailFilter(request.GET or None, queryset=selectors.audit_entries(user=request.user))
    number = request.GET.get("page")
    page = BoundedPaginator(lists.filtered(found), 50, number=number).get_page(number)
    return render(request, "audit/list.html", {
        "filter": found, "page": page, "columns": lists.sort_columns(request, ("seq", "when"))})
