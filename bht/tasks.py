"""Project-level tasks."""

from celery import shared_task


@shared_task
def ping(value: str = "pong") -> str:
    """Round-trip check used by the worker smoke test and monitoring."""
    return value
