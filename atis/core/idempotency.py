"""`Idempotency-Key`: a client that got no answer may send a creating request again and be
sure nothing is created twice (as Stripe's API and the IETF draft
draft-ietf-httpapi-idempotency-key-header).

- The same key from the same user on the same endpoint (method and path) gets the first
  answer again (same status and body, header `Idempotent-Replayed: true`); nothing is written.
- The same key with a different request (body or query string) is refused with 422.
- A key is 1–255 printable ASCII characters; any other is refused with 400, never truncated.
- Only a successful answer (status below 400) is kept: a refused request releases its key,
  so the corrected request may use it.
- The key is claimed by inserting its record in the transaction that does the request's
  writes. A concurrent request with the same key waits on that insert (PostgreSQL: on the
  unique index; SQLite: BEGIN IMMEDIATE lets one writer in at a time) until the first
  transaction ends, then replays the committed answer (or, if the first was refused, runs).
- Answers may hold personal data: they are encrypted, and forgotten after
  IDEMPOTENCY_HOURS (`atis idempotency purge` deletes expired records).

On an APIView, decorate the handler: `@idempotent` above `def post(self, request, ...)`.
"""

import functools
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from atis.core.errors import DomainError
from atis.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


class KeyReused(DomainError):
    """The key was already used for a different request."""


@dataclass(frozen=True)
class Answer:
    status: int
    data: Any
    replayed: bool


def check_key(key: str) -> None:
    if not key:
        raise DomainError({HEADER: _("The key is empty.")})
    if len(key) > MAX_LENGTH:
        raise DomainError({HEADER: _("The key is longer than %(max)d characters.")
                           % {"max": MAX_LENGTH}})
    if not all(" " <= c <= "~" for c in key):
        raise DomainError({HEADER: _("The key may only hold printable ASCII characters.")})


def once(*, user, endpoint: str, key: str, fingerprint: str,
         run: Callable[[], tuple[int, Any]]) -> Answer:
    """Call `run` (which answers `(status, JSON-able data)`) unless this user already sent
    `key` to `endpoint`; then answer what the first call answered."""
    check_key(key)
    with transaction.atomic():
        record, claimed = _claim(user, endpoint, key, fingerprint)
        if not claimed:
            if not hmac.compare_digest(record.fingerprint, fingerprint):
                raise KeyReused({HEADER: _("This key was already used for a different request "
                                           "to this endpoint. Use a new key for a new request.")})
            return Answer(record.response["status"], record.response["data"], replayed=True)
        status, data = run()
        if status >= 400:
            transaction.set_rollback(True)  # releases the key along with anything written
        else:
            record.response = {"status": status, "data": data}
            record.save(update_fields=["response"])
        return Answer(status, data, replayed=False)


def _claim(user, endpoint, key, fingerprint) -> tuple[IdempotencyRecord, bool]:
    kept_since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_HOURS)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    user=user, endpoint=endpoint, key=key, fingerprint=fingerprint), True
        except IntegrityError:
            pass  # the key is taken: the insert waited until its first use committed
        record = IdempotencyRecord.objects.filter(user=user, endpoint=endpoint, key=key).first()
        if record is not None and record.created_at >= kept_since:
            return record, False
        if record is not None:
            record.delete()  # expired: the key is free again
    raise IntegrityError("idempotency key could not be claimed")


def purge_expired() -> int:
    """Delete the records older than IDEMPOTENCY_HOURS; answers how many."""
    kept_since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_HOURS)
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=kept_since).delete()
    return deleted


# --- the REST API ----------------------------------------------------------------------

def _file_digest(value):
    if hasattr(value, "chunks"):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return str(value)


def request_fingerprint(request) -> str:
    """A digest of what the request asks for: its query string and body (files by content)."""
    data = request.data
    body = dict(data.lists()) if hasattr(data, "lists") else data
    text = json.dumps({"query": sorted(request.query_params.lists()), "body": body},
                      sort_keys=True, default=_file_digest)
    return hashlib.sha256(text.encode()).hexdigest()


KEY_PARAMETER = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=False, pattern=f"^[ -~]{{1,{MAX_LENGTH}}}$",
    description=format_lazy(gettext_lazy(
        "Makes the request safe to retry: 1–255 printable ASCII characters, new for every "
        "request. Sent again with the same request (by the same user, to the same endpoint), "
        "it answers the first response (status and body, header Idempotent-Replayed: true) "
        "and writes nothing; with a different request it is refused with 422. A refused "
        "request does not use up its key. Keys are kept {hours} hours."),
        hours=settings.IDEMPOTENCY_HOURS))


def idempotent(handler):
    """Honour `Idempotency-Key` on an APIView's `post` (documented in the schema)."""

    @functools.wraps(handler)
    def post(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(self, request, *args, **kwargs)
        first = []

        def run():
            response = handler(self, request, *args, **kwargs)
            first.append(response)
            # Kept as JSON text, so that a replay has the very same body, keys in order.
            return response.status_code, json.dumps(response.data, cls=JSONEncoder)

        try:
            answer = once(user=request.user, endpoint=f"{request.method} {request.path}",
                          key=key, fingerprint=request_fingerprint(request), run=run)
        except KeyReused as exc:
            return Response({"detail": _("The request was refused."), "errors": exc.fields},
                            status=422)
        if not answer.replayed:
            return first[0]
        return Response(json.loads(answer.data), status=answer.status,
                        headers={"Idempotent-Replayed": "true"})

    post.idempotent = True
    return extend_schema(parameters=[KEY_PARAMETER])(post)
