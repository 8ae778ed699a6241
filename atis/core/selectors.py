"""Reads of organisations (not personal data: every signed-in user may list them), and the
administrators' reads of users, memberships and the requests that wait for a second
administrator (`user.manage`)."""

from django.db.models import Prefetch, QuerySet

from atis.core import access
from atis.core.models import AdminRequest, Membership, Organisation, Team, User


def organisation_list(*, user) -> QuerySet[Organisation]:
    if access.role_of(user) is None:
        return Organisation.objects.none()
    return Organisation.objects.order_by("type", "name_en", "code")


def organisation_get(*, user, pk: int) -> Organisation:
    """An organisation to edit (`organisation.manage`)."""
    access.require(user, "organisation.manage")
    return Organisation.objects.select_related("parent").get(pk=pk)


def active_members(*, user, organisation: Organisation) -> int:
    access.require(user, "organisation.manage")
    return organisation.memberships.filter(active=True).count()


def organisations_managed(*, user) -> QuerySet[Organisation]:
    """Every organisation, active or not, for the administrators' list."""
    access.require(user, "organisation.manage")
    return Organisation.objects.select_related("parent").order_by("type", "name_en", "code")


def _active_membership():
    return Prefetch("memberships", to_attr="active_memberships",
                    queryset=Membership.objects.filter(active=True)
                    .select_related("organisation", "team"))


def user_list(*, user) -> QuerySet[User]:
    """Every user, each with their active membership (`active_memberships`, 0 or 1)."""
    access.require(user, "user.manage")
    return User.objects.prefetch_related(_active_membership()).order_by("username")


def user_get(*, user, pk: int) -> User:
    """A user with their active membership and the history of all their memberships."""
    access.require(user, "user.manage")
    return User.objects.prefetch_related(_active_membership()).get(pk=pk)


def memberships_of(*, user, target: User) -> QuerySet[Membership]:
    access.require(user, "user.manage")
    return (Membership.objects.filter(user=target).select_related("organisation", "team")
            .order_by("-active", "-started_at", "-pk"))


def team_list(*, user) -> QuerySet[Team]:
    access.require(user, "user.manage")
    return Team.objects.select_related("organisation").order_by("organisation__name_en", "name")


def admin_requests(*, user, status: str | None = AdminRequest.Status.PENDING,
                   target: User | None = None) -> QuerySet[AdminRequest]:
    """Requests that need (or needed) a second administrator, newest first."""
    access.require(user, "user.manage")
    qs = AdminRequest.objects.select_related("target", "organisation", "team", "requested_by",
                                             "decided_by")
    if status is not None:
        qs = qs.filter(status=status)
    if target is not None:
        qs = qs.filter(target=target)
    return qs


def admin_request_get(*, user, pk: int) -> AdminRequest:
    return admin_requests(user=user, status=None).get(pk=pk)
