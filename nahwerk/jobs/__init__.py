"""Background jobs: queueing work for the worker, running it, and the periodic jobs.

The task library is django-q2 with its database broker (see docs/background-jobs.md);
the apps queue their work through :func:`nahwerk.jobs.queue.enqueue` and register periodic
jobs in :mod:`nahwerk.jobs.periodic`.
"""
