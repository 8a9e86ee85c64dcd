"""What a web process prepares before its first request (nahwerk/warm_up.py)."""

from __future__ import annotations

from django.urls import get_resolver
from django.utils import translation

from nahwerk.warm_up import compile_templates, load_urls


def test_every_template_of_the_product_compiles() -> None:
    assert compile_templates() > 50


def test_reverse_tables_are_built_for_each_language_and_namespace() -> None:
    load_urls()
    root = get_resolver()
    for code in ("de", "en"):
        with translation.override(code):
            assert code in root._reverse_dict
            for _prefix, sub in root.namespace_dict.values():
                assert code in sub._reverse_dict, sub


def test_the_calls_common_sentences_are_found_before_the_first_request(db: object) -> None:
    from nahwerk.funding.consortium import common_sentences
    from nahwerk.warm_up import find_common_call_sentences

    common_sentences.clear()
    find_common_call_sentences()
    assert common_sentences._key is not None  # the builder's first request finds them ready
