"""The client's address: REMOTE_ADDR, or, when the request comes from one of the trusted
proxies (TRUSTED_PROXIES, from ATIS_TRUSTED_PROXIES), the last address in X-Forwarded-For
that is not itself a trusted proxy. A client that sends its own X-Forwarded-For straight
to ATIS cannot change the address lock-out and throttling count it under."""

import ipaddress

from django.conf import settings


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def remote_in(request, networks) -> bool:
    """Whether the request's own peer (REMOTE_ADDR, not a forwarded one) is in `networks`."""
    return _trusted(_address(request.META.get("REMOTE_ADDR", "") or ""), networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = getattr(settings, "TRUSTED_PROXIES", None) or []
    if not networks or not _trusted(_address(remote), networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # a malformed hop: believe no further
            return client
        client = str(address)
        if not _trusted(address, networks):
            return client
    return client
