"""OpenAPI schema of the API (drf-spectacular) with its error answers documented.

drf-spectacular describes only the success of each operation; the API also answers
400 (bad input: a message per field, core/api_errors.py), 401, 403 (forbidden, or a
locked month) and 404 (outside the caller's scope, or a page past the end). Every
operation gets those answers here, so that a client, and schemathesis in CI
(scripts/api_fuzz.sh), can hold each response to its schema. A view adds answers of
its own with `schema_error_codes` (the token endpoint: 429 while a login is locked).
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# {"field": ["message", ...], "non_field_errors": [...]}; nested input (a list or an
# object) nests its messages the same way, e.g. {"cells": {"0": {"hours": [...]}}}.
FIELD_MESSAGES = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
    "description": "A list of messages per field; `non_field_errors` for the input as a whole.",
}
ERRORS: dict[str, tuple[str, dict[str, Any], str]] = {
    "400": (
        "ValidationError",
        {"anyOf": [DETAIL, FIELD_MESSAGES]},
        "Bad input or a broken rule, with a message per field.",
    ),
    "401": ("ErrorDetail", DETAIL, "Not logged in (no or an invalid token)."),
    "403": ("ErrorDetail", DETAIL, "Not allowed (role, or a locked month)."),
    "404": ("ErrorDetail", DETAIL, "No such object the caller may see, or no such page."),
    "409": (
        "ValidationError",
        {"anyOf": [DETAIL, FIELD_MESSAGES]},
        "Changed by someone else since it was read (`lock_version`): reload and edit again.",
    ),
    "429": (
        "ErrorDetail",
        DETAIL,
        "Too many failed logins for this username from this address: the login is locked "
        "for a while. `detail` says until when and whom to contact.",
    ),
}
HEADERS: dict[str, dict[str, Any]] = {
    "429": {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 1},
            "description": "Seconds until the lockout ends.",
        }
    },
}


class ApiSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        parameters = self._get_parameters()
        if self.method in ("POST", "PUT", "PATCH") or any(
            p.get("in") == "query" for p in parameters
        ):
            codes.insert(0, "400")
        if self.method != "POST" or any(p.get("in") == "path" for p in parameters):
            # A path id outside the caller's scope, or `?page=` past the end of a list.
            codes.append("404")
        serializer = force_instance(self.get_request_serializer())
        if self.method in ("POST", "PUT", "PATCH") and "lock_version" in getattr(
            serializer, "fields", {}
        ):
            # Optimistic locking (core/concurrency.py, core/api_errors.py).
            codes.append("409")
        codes.extend(getattr(self.view, "schema_error_codes", ()))
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code in responses:
                continue
            name, schema, description = ERRORS[code]
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            self.registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": description,
            }
            if code in HEADERS:
                responses[code]["headers"] = HEADERS[code]
        return responses
