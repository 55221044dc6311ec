class ApplicationError(Exception):
    """A business rule was broken. The API answers 400; an HTML view shows the message.

    `field` names the input the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class EditConflict(ApplicationError):
    """Someone else saved the object after the form was loaded (optimistic locking).

    The API answers 409 Conflict; an HTML view shows the message on the form.
    """


class HealthInfoFound(ApplicationError):
    """The health guard found health information in free text (core.services
    `health_guard_check`). `errors` holds a Norwegian message per input field.

    `confirmable` is False when a fødselsnummer was found: that is refused even
    when the writer confirms. Otherwise the writer may send again with the confirm
    flag («Send likevel»; API: `confirm_health_info: true`).
    """

    def __init__(self, errors: dict[str, str], *, confirmable: bool) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field)
        self.errors = errors
        self.confirmable = confirmable
