from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, for every sign-in that comes with a request (the web
    form, the admin and the API token endpoint). A sign-in without a request (the test
    client, management commands) is not a network attempt: this backend stands aside."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
