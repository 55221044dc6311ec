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
