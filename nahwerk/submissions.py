"""One form, one record: a form sent twice (double click, reload) creates its record once.

Each create form carries a random key (``submission``). The first valid post with a key
claims it in the shared cache, a database table whose primary key makes the claim atomic
across processes and machines; after creating the record it stores the record's address
there. A second post with the same key creates nothing and is sent to that record.
"""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

FIELD = "submission"
# how long a key is remembered: longer than anyone keeps a form open
REMEMBERED_SECONDS = 24 * 60 * 60
_KEY = re.compile(r"[0-9a-f]{32}")
_PENDING = "pending"


class Submission:
    """The key of one create form of one user, and what its first valid post created."""

    def __init__(self, request: HttpRequest, kind: str):
        posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
        # a post without a (valid) key, e.g. from a script, is handled as before
        self.posted = bool(_KEY.fullmatch(posted))
        self.key = posted if self.posted else uuid.uuid4().hex
        self._cache_key = f"submission:{kind}:{request.user.pk}:{self.key}"
        self._claimed = False

    def earlier(self) -> str | None:
        """Claim the key; if an earlier post had it: the address of its record.

        ``""`` means the earlier post is still being processed; ``None`` means this post is
        the first and should create the record (then call ``created`` or ``failed``).
        """
        if not self.posted:
            return None
        cache = caches["shared"]
        if cache.add(self._cache_key, _PENDING, REMEMBERED_SECONDS):
            self._claimed = True
            return None
        url = cache.get(self._cache_key, _PENDING)
        return "" if url == _PENDING else str(url)

    def created(self, url: str) -> None:
        if self._claimed:
            caches["shared"].set(self._cache_key, url, REMEMBERED_SECONDS)

    def failed(self) -> None:
        """Nothing was created: the corrected form may be sent again with the same key."""
        if self._claimed:
            caches["shared"].delete(self._cache_key)
            self._claimed = False


def already_submitted(request: HttpRequest, earlier: str, message: str) -> HttpResponse:
    """Send a repeated post to the record its first post created (or back, if unfinished)."""
    if earlier:
        messages.info(request, message)
        return redirect(earlier)
    messages.info(request, _("This form has already been sent and is being processed."))
    return redirect(request.path)
