"""The data dictionary, generated from the models so that it never drifts from them."""

from django.apps import apps
from django.db import models
from django.utils import translation

from atis.core.fields import EncryptedTextField

INTRO = """# Data dictionary

Generated from the models by `atis data-dictionary` (a test fails when it is out of date).
**Protection** says how a column is kept: `encrypted` columns are AES-256-GCM ciphertexts
(readable only through the access policy, every read audited); `clear` columns hold codes,
dates and coarse statistical attributes; `index` columns hold keyed HMAC digests.
Codes refer to the reference lists (`/api/v1/reference/`).
"""


def _kind(field) -> str:
    if isinstance(field, EncryptedTextField):
        return type(field).__name__.replace("Encrypted", "").replace("Field", "").lower() or "text"
    if isinstance(field, models.ForeignKey):
        return f"→ {field.related_model._meta.label_lower}"
    if isinstance(field, models.ManyToManyField):
        return f"⇉ {field.related_model._meta.label_lower}"
    return field.get_internal_type().replace("Field", "").lower()


def _protection(field) -> str:
    if isinstance(field, EncryptedTextField):
        return "encrypted"
    return "index" if field.name == "digest" else "clear"


def render() -> str:
    lines = [INTRO]
    with translation.override("en"):
        for model in apps.get_models():
            if not model.__module__.startswith("atis."):
                continue
            meta = model._meta
            lines += [f"\n## `{meta.label_lower}` — {meta.verbose_name}\n"]
            doc = (model.__doc__ or "").strip()
            if doc and not doc.startswith(model.__name__ + "("):
                lines += [" ".join(doc.split()), ""]
            lines += ["| column | type | protection | meaning |", "|---|---|---|---|"]
            for field in [*meta.concrete_fields, *meta.many_to_many]:
                meaning = str(field.verbose_name)
                if field.help_text:
                    meaning += f" — {field.help_text}"
                if getattr(field, "choices", None) and not field.is_relation:
                    meaning += " (codes: " + ", ".join(f"`{v}`" for v, _ in field.choices) + ")"
                lines.append(f"| `{field.column if not field.many_to_many else field.name}` | "
                             f"{_kind(field)} | {_protection(field)} | {meaning} |")
    return "\n".join(lines) + "\n"
