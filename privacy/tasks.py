from celery import shared_task


@shared_task(acks_late=True)
def retention_sweep() -> dict[str, int]:
    """The nightly sweep: pseudonymise what has passed its retention period.

    Safe to run twice (erased records are in the erasure log), so a redelivery
    after a worker died mid-way only finishes the work.
    """
    from privacy.services import retention_sweep as sweep

    return sweep().counts
