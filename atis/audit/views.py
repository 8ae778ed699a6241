from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from atis.audit import selectors
from atis.audit.filters import AuditEntryFilter


@login_required
def audit_list(request):
    entries = AuditEntryFilter(request.GET, queryset=selectors.audit_entries(user=request.user))
    page = Paginator(entries.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"filter": entries, "page": page})
