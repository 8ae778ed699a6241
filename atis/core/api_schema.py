"""The OpenAPI schema tells the whole truth about errors: every operation documents the
error answers any operation may give, in the one shape they all have (`Error`)."""

from django.utils.translation import gettext_lazy as _

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True,
                   "description": "Messages by field (a list of strings); a nested object's "
                                  "by its fields, a nested list's by item index."},
    },
    "required": ["detail"],
}
ERRORS = {
    "400": _("Refused input, naming the fields."),
    "401": _("Not authenticated (the answer carries `WWW-Authenticate: Token`)."),
    "403": _("The access policy refused."),
    "404": _("Not found, or not visible to the caller."),
    "406": _("The `Accept` header asks for a format the API does not give."),
    "415": _("The body's media type is not one the operation takes."),
    "429": _("Too many requests."),
}
ERROR_REF = "#/components/schemas/Error"
IDEMPOTENT_ERRORS = {"422": _("The Idempotency-Key was used for a different request.")}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error answers everywhere."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": ERROR_REF}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(ERRORS)
            if any(p.get("name") == "Idempotency-Key" for p in operation.get("parameters", [])):
                errors |= IDEMPOTENT_ERRORS
            for code, description in errors.items():
                response = operation["responses"].setdefault(
                    code, {"description": str(description), "content": reference})
                # An operation that documents its own body for an error code (an import's
                # refused run) may still answer that code with a plain error.
                for media in response.get("content", {}).values():
                    schema = media.get("schema")
                    if schema and schema != reference["application/json"]["schema"]:
                        media["schema"] = {"anyOf": [schema, {"$ref": ERROR_REF}]}
    return result
