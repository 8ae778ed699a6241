from rest_framework.throttling import ScopedRateThrottle

from atis.core.client_ip import client_ip


class SharedScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, counted in the shared cache (CACHES: the database or Redis,
    never a process's memory) under the client address from atis.core.client_ip, so neither
    another worker nor a forged X-Forwarded-For resets the count."""

    def get_ident(self, request):
        return client_ip(request) or "unknown"
