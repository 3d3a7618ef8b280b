"""Kiwi (kiwipiepy), the Korean morphological analyser: the only module that imports it.

Kiwi takes 4-6 s and ~530 MB to start, so nothing on the reading path calls this module:
it runs when a document is imported (sentence splitting) and when its word analyses are
built ahead of time (``python -m dari analyse``). It returns plain str and our own types,
never kiwipiepy objects.
"""

from __future__ import annotations

from functools import lru_cache

from dari.text import nfc


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, as exact slices of it (NFC first: Kiwi garbles NFD)."""
    text = nfc(text)
    return [text[s.start:s.end] for s in _kiwi().split_into_sents(text)]
