"""The talent exchange's background jobs: posting vectors, expiry and erasure."""

from __future__ import annotations


def refresh_vectors() -> str:
    """Embed the postings whose text changed (queued when a posting is saved)."""
    from nahwerk.talent.matching import refresh_posting_vectors

    return f"{refresh_posting_vectors()} posting(s) embedded"


def expire_postings() -> str:
    from nahwerk.talent.services import expire_postings as expire

    return expire()


def erase_applications() -> str:
    from nahwerk.talent.services import erase_applications as erase

    return erase()
