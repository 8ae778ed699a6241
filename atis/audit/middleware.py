"""Per-request audit context, and the one layer that audits what a request disclosed.

Every decryption of a personal field reports itself to `atis.core.disclosure`; this
middleware collects those reports for the whole request and, when the response is ready,
appends one `personal.read` entry per object read. A new view or API endpoint therefore
cannot forget to audit what it shows: showing requires decrypting, and decrypting is noted.
"""

from atis.audit import services as audit
from atis.audit.context import client_ip
from atis.core import disclosure
from atis.core.client_ip import client_ip as address_of


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(address_of(request)[:45])
        try:
            with disclosure.collecting() as reads:
                response = self.get_response(request)
                if getattr(response, "streaming", False):
                    response.streaming_content = _audited_stream(request, response, reads)
                    return response
                _record_reads(request, reads)
            return response
        finally:
            client_ip.reset(token)


def _audited_stream(request, response, reads):
    """Keep collecting while a streamed body is produced; audit when it is complete."""
    content = response.streaming_content
    with disclosure.collecting() as streamed:
        yield from content
    reads.update(streamed)
    _record_reads(request, reads)


def _record_reads(request, reads) -> None:
    if not reads:
        return
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else "anonymous"
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    audit.record_many(actor, "personal.read", [
        (read.obj, _case_of(read.obj), {"fields": sorted(read.fields), "view": view,
                                        "method": request.method})
        for read in reads.values()])


def _case_of(obj):
    """The case an object belongs to (its own pseudonym reference, else its person's)."""
    ref = getattr(obj, "audit_case_ref", None)
    if ref:
        return ref
    person = getattr(obj, "person", None)
    return getattr(person, "audit_case_ref", "") or ""
