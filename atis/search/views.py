"""The search page (`/search/`): GET `?q=` for pseudonyms, references and case numbers (the
header's box), POST for everything including names and dates of birth (the page's own
form), so that personal data never goes in an address. See atis.search.selectors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from atis.core.errors import DomainError
from atis.core.paging import BoundedPaginator
from atis.search import selectors
from atis.search.forms import SearchForm
from atis.web.forms import apply_domain_error


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    user = request.user
    if request.method == "POST":
        form, number, in_body = SearchForm(request.POST, user=user), request.POST.get("page"), True
    elif "q" in request.GET:
        # Only `q` is read from an address: a date of birth there is not even looked at.
        form = SearchForm({"q": request.GET.get("q", "")}, user=user)
        number, in_body = request.GET.get("page"), False
    else:
        form, number, in_body = SearchForm(user=user), None, False
    context = {"form": form, "kinds": [str(selectors.KIND_SCOPES[k])
                                       for k in selectors.searchable_kinds(user)],
               "may_search_by_name": selectors.may_search_by_name(user),
               "outcome": None, "page": None, "results": []}
    if form.is_bound and form.is_valid():
        try:
            outcome = selectors.search(user=user, text=form.cleaned_data["q"],
                                       date_of_birth=form.cleaned_data.get("date_of_birth"),
                                       in_body=in_body)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            number = selectors.page_number(number)
            page = BoundedPaginator(outcome.rows, selectors.PER_PAGE, number=number).get_page(number)
            context.update(outcome=outcome, page=page, in_body=in_body,
                           results=selectors.describe(user=user, rows=page.object_list,
                                                      outcome=outcome))
    return render(request, "search/results.html", context)
