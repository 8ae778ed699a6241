"""Per-request facts the audit trail records (the client address), without threading
the request through every service call."""

from contextvars import ContextVar

client_ip: ContextVar[str] = ContextVar("client_ip", default="")
