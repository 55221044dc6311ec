"""Benchmarks at national scale (benchmarks/run.py, README)."""

# The note of every time entry the write benchmark makes: `inproc.cleanup`
# deletes them, so that a database reused for the next run (--reuse) has the
# same free hours. Here, not in run.py or inproc.py: inproc sets Django up.
WRITE_NOTE = "benchmark write"
