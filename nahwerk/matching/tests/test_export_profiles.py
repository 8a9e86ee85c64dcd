"""The labelled need set is graded against the demo's profiles as they are today."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from nahwerk.demo.loading import load_demo
from nahwerk.directory.models import Organisation

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "data" / "benchmarks" / "needs-demo" / "corpus.jsonl"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def test_the_shipped_corpus_is_the_demos_directory(tmp_path: Path, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(with_history=False)
    written = tmp_path / "corpus.jsonl"
    out = StringIO()
    call_command("export_profiles", str(written), stdout=out)
    assert "109 profiles written" in out.getvalue()
    exported, shipped = _rows(written), _rows(SHIPPED)
    # the grades refer to these organisations and were given on these texts; a change of
    # the demo's profiles must be exported again (manage.py export_profiles) and checked
    assert [r["_id"] for r in exported] == [r["_id"] for r in shipped]
    assert exported == shipped
    # organisations known only from EU project history are not part of the directory
    history = set(Organisation.objects.history_only().values_list("slug", flat=True))
    assert len(history) > 700 and not history & {r["_id"] for r in exported}
    qrels = (SHIPPED.parent / "qrels" / "test.tsv").read_text("utf-8").splitlines()[1:]
    assert {line.split("\t")[1] for line in qrels} <= {r["_id"] for r in exported}
