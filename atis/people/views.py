from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from atis.core import access
from atis.core.errors import DomainError
from atis.people import policy as people_policy
from atis.people import selectors, services
from atis.people.forms import IdentityRequestForm, PersonForm
from atis.people.models import Person
from atis.web.forms import apply_domain_error
from atis.web.lookups import or_404


def _visible_or_404(user, pseudonym) -> Person:
    return or_404(selectors.person_get, user=user, pseudonym=pseudonym)


@login_required
def person_list(request):
    access.require(request.user, "person.view")
    page = Paginator(selectors.person_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "people/list.html", {"page": page})


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
    return render(request, "people/detail.html", {
        "person": person, "form": IdentityRequestForm(),
        "needs_reason": people_policy.identity_needs_reason(request.user, person),
        "may_see_identity": people_policy.may_see_identity(request.user, person)})


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
        "may_see_identity": True})
    response["Cache-Control"] = "no-store"
    return response
