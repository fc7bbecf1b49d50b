"""A spaCy tokenizer that splits text into Kiwi's words, as `export -f spacy` does.

`spacy train` re-tokenizes each training text with the pipeline's own tokenizer and
treats gold entities that do not fall on its token edges as missing; a blank Korean
or multi-language tokenizer leaves particles glued to names. With this tokenizer in
the config, training sees the same words the exported DocBin has:

    [nlp.tokenizer]
    @tokenizers = "dsreader.KiwiTokenizer.v1"

It is registered through the `spacy_tokenizers` entry point, so installing dsreader
is enough; spaCy itself is the optional extra `dsreader[spacy]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .tokens import words


class KiwiTokenizer:
    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        items = words(text)
        return Doc(self.vocab, words=[w.text for w in items], spaces=[w.space for w in items])

    # nothing to save: the words come from Kiwi's model, installed with dsreader
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> KiwiTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> KiwiTokenizer:
        return self


def create_tokenizer() -> Callable[[Any], KiwiTokenizer]:
    """The factory spaCy's registry calls: `@tokenizers = "dsreader.KiwiTokenizer.v1"`."""

    def make(nlp: Any) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab)

    return make
