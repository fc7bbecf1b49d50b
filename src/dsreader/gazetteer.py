"""Typed names: our own list in data/, plus the Wikidata classes in Kiwi's multi.dict.

kiwipiepy_model's multi.dict lists ~250k multi-word proper nouns, most with their
Wikidata class in a trailing comment; mapping the common classes gives a large typed
gazetteer at no cost (it ships with the model we already depend on).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

# Wikidata classes -> our entity types (only the frequent, unambiguous ones).
WIKIDATA_TYPES = {
    "Q5": "PERSON",
    "Q4830453": "ORG",  # business
    "Q783794": "ORG",  # company
    "Q891723": "ORG",  # public company
    "Q6881511": "ORG",  # enterprise
    "Q43229": "ORG",  # organization
    "Q3918": "ORG",  # university
    "Q7278": "ORG",  # political party
    "Q327333": "ORG",  # government agency
    "Q2659904": "ORG",  # government organization
    "Q11032": "ORG",  # newspaper
    "Q1331793": "ORG",  # media company
    "Q163740": "ORG",  # nonprofit
    "Q31855": "ORG",  # research institute
    "Q515": "LOC",  # city
    "Q6256": "LOC",  # country
    "Q3624078": "LOC",  # sovereign state
    "Q1549591": "LOC",  # big city
    "Q5119": "LOC",  # capital
    "Q928830": "LOC",  # metro station
    "Q55488": "LOC",  # railway station
    "Q3024240": "LOC",  # historical country
    "Q34442": "LOC",  # road
    "Q23442": "LOC",  # island
    "Q8502": "LOC",  # mountain
    "Q4022": "LOC",  # river
    "Q7397": "PRODUCT",  # software
    "Q3231690": "PRODUCT",  # automobile model
    "Q166142": "PRODUCT",  # application
    "Q1301371": "PRODUCT",  # computer network? (kept rare)
}
TYPES = ("PERSON", "ORG", "LOC", "PRODUCT", "MONEY", "PERCENT", "DATE", "QUANTITY")


# Third column of a gazetteer line: the name is also an everyday word (한화 the
# currency, 토스 a toss, 기아 hunger), so it types a proper noun Kiwi finds but is not
# forced on the tokenizer as a user word.
COMMON = "common"


@lru_cache(maxsize=1)
def gazetteer_rows() -> tuple[tuple[str, str, bool], ...]:
    """(name, type, also an everyday word) for every line of our gazetteer."""
    return tuple(_rows())


def _rows() -> list[tuple[str, str, bool]]:
    rows = []
    text = resources.files("dsreader").joinpath("data/gazetteer.txt").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, kind, *flags = (part.strip() for part in line.split("\t"))
        if kind in TYPES:
            rows.append((name, kind, COMMON in flags))
    return rows


@lru_cache(maxsize=1)
def own_names() -> dict[str, str]:
    return {name: kind for name, kind, _ in _rows()}


def _multi_dict_path() -> Path | None:
    try:
        import kiwipiepy_model
    except ImportError:
        return None
    path = Path(kiwipiepy_model.get_model_path()) / "multi.dict"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def typed_names() -> dict[str, str]:
    """Every name we can type: multi.dict by Wikidata class, then our list on top."""
    names: dict[str, str] = {}
    path = _multi_dict_path()
    if path is not None:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if "# Q" not in line:
                    continue
                form, _, rest = line.partition("\t")
                kind = WIKIDATA_TYPES.get(rest.rsplit("# ", 1)[-1].strip())
                if kind:
                    names[form] = kind
    names.update(own_names())
    return names


def user_words() -> list[tuple[str, str, float]]:
    """Our names as NNP user words, so Kiwi keeps them whole (브로드컴, 챗GPT, 오픈AI).

    Places are left to Kiwi's own dictionary: many single-word place names are also
    common nouns (인도 is India and a sidewalk); so are names flagged `common`. Plain
    Latin names (IBM, H200) are left out too: Kiwi reads them as SL/SN runs, which the
    span rules join, and with some thousand user words Latin ones stop Kiwi (0.24)
    from matching the multi-word names of multi.dict (젠슨 황의 -> 젠슨/NNG 황/NNG).
    """
    return [
        (name, "NNP", 0.0)
        for name, kind, common in _rows()
        if kind != "LOC" and not common and not (name.isascii() and name.isalnum())
    ]


def _word_list(name: str) -> frozenset[str]:
    text = resources.files("dsreader").joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """Hangul common nouns Kiwi tags as proper nouns (캐시, 쿼리, 유튜버)."""
    return _word_list("common_nouns.txt")


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return _word_list("english_words.txt")


_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""))
_ENDINGS += (("ing", "e"), ("ly", ""))


def is_english_word(word: str) -> bool:
    """An everyday English word (Physical, Levels, Processing), in any case but ALL CAPS."""
    w = word.lower()
    if not w.isascii() or not w.isalpha() or len(w) < 3 or (word.isupper() and len(word) > 1):
        return False
    words = _english()
    if w in words:
        return True
    return any(
        w.endswith(end) and len(w) - len(end) >= 3 and w[: len(w) - len(end)] + add in words
        for end, add in _ENDINGS
    )
