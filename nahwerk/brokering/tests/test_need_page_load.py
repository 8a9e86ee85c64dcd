"""A need's page under load: its text is embedded once per process, its queries bounded."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from django.urls import reverse

from nahwerk.matching import services as matching_services

pytestmark = pytest.mark.django_db


class Recording:
    """Passes texts to the real (test) embedder and remembers each of them."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.name, self.dim = embedder.name, embedder.dim
        for attribute in ("parts", "passage_embedder"):
            if hasattr(embedder, attribute):
                setattr(self, attribute, getattr(embedder, attribute))
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.embedder.embed(texts)


@pytest.fixture
def recording(brokering, monkeypatch) -> Recording:
    """The web process's embedder, made as in production, over a recording model."""
    recorder = Recording(matching_services.get_embedder())
    monkeypatch.setattr(matching_services, "default_embedder", lambda: recorder)
    monkeypatch.setattr(matching_services, "_embedder", None)
    matching_services.index_cache.clear()  # reloaded with the new embedder
    return recorder


def test_the_manager_opening_a_need_twice_embeds_its_text_once(
    brokering, recording, as_user
) -> None:
    need = brokering.post()
    client = as_user(brokering.alice)
    url = reverse("brokering:need", args=[need.pk])
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        # the matches and the routing suggestions are both on the page
        assert "Institut für Hochtemperaturkeramik" in page.content.decode()
    assert recording.texts.count(need.search_text) == 1


def test_the_need_page_reads_a_bounded_number_of_rows(
    brokering, as_user, django_assert_max_num_queries
) -> None:
    need = brokering.routed()
    client = as_user(brokering.alice)
    url = reverse("brokering:need", args=[need.pk])
    client.get(url)  # the index loaded
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_warmed_need_vectors_spare_the_first_page_view_in_another_process(
    brokering, recording, as_user, monkeypatch
) -> None:
    from nahwerk.brokering.models import NeedStatus
    from nahwerk.brokering.services.routing import warm_need_vectors

    active = brokering.post()
    closed = brokering.post(title="Alte Anfrage zu Gießereisand")
    type(closed).objects.filter(pk=closed.pk).update(status=NeedStatus.CLOSED)

    assert warm_need_vectors() == 1  # gunicorn's master, before the workers start
    assert recording.texts.count(active.search_text) == 1
    assert closed.search_text not in recording.texts

    # a worker of another host: nothing in its memory, the shared cache reached
    monkeypatch.setattr(matching_services, "_embedder", None)
    matching_services.index_cache.clear()
    recording.texts.clear()
    page = as_user(brokering.alice).get(reverse("brokering:need", args=[active.pk]))
    assert page.status_code == 200
    assert active.search_text not in recording.texts
