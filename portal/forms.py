"""What every form page shares: a service's refusal shown on the form."""

from django.core.exceptions import ValidationError
from django.forms import Form


def add_service_errors(
    form: Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """A service's ValidationError on the form: each message on its field when the form has
    that field, else at the top. `field_map` renames a service's field to the form's; a
    mapped field marks the form `consent_missing` (the consent override's fields, R12)."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        if field in field_map:
            form.consent_missing = True
            field = field_map[field]
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
