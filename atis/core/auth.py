from django.contrib.auth.backends import ModelBackend


class MembershipBackend(ModelBackend):
    """Only users with an active membership may sign in: ending a membership ends access."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and user.memberships.filter(active=True).exists()
