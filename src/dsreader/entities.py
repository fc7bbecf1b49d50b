"""Typed entities from Kiwi tokens: merging runs of tokens, then typing them.

Kiwi gives parts of speech (NNP proper noun, SL Latin, SN number, NR numeral,
NNB bound noun...). A name is a run of such tokens written without spaces; a
number is a run of SN/NR tokens with its unit. Types come from the gazetteer,
then from the cues a linguist uses (titles next to people, organisation and place
suffixes, currency and calendar units), then from what else the article says
about the same name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from .article import Entity
from .entity_words import (
    BULLETS,
    CLOSE_QUOTES,
    COMMON_ACRONYMS,
    COMPANY_MARKS,
    COMPOUND_CUES,
    CURRENCY,
    DATE_UNITS,
    DERIVATIVES,
    ENGLISH_GIVEN_NAMES,
    FUNCTION_WORDS,
    GIVEN_NAMES,
    INSTITUTION_HEADS,
    LANDMARK_SUFFIXES,
    LAUNCH_VERBS,
    LOANWORD_SYLLABLES,
    LOC_SUFFIXES,
    MODEL_WORDS,
    NUMBERED_UNITS,
    OFFICE_SUFFIXES,
    OPEN_QUOTES,
    ORG_AFTER,
    ORG_BEFORE,
    ORG_CONTEXT,
    ORG_SUFFIXES,
    ORG_UNITS,
    PERCENT_UNITS,
    PERSON_BEFORE,
    PERSON_CUES,
    PLACE_AFTER,
    PRODUCT_NOUNS,
    QUANTITY_UNITS,
    RANGE_MARKS,
    SPACED_ORG_SUFFIXES,
    STRONG_ORG_SUFFIXES,
    SURNAMES,
    TO_A_PERSON,
)
from .gazetteer import common_nouns, gazetteer_rows, is_english_word, own_names, typed_names


class Token(Protocol):
    form: str
    tag: str
    start: int
    len: int


NAME_TAGS = {"NNP", "SL", "SH"}
NUMERAL_TAGS = {"SN", "NR"}
# An unknown Hangul name that is typed only if it is listed with typed names.
LISTED = "?"
# ORG by default only (a word Kiwi never saw, taking a particle): any typed mention of the
# same name elsewhere in the article outweighs it.
WEAK_ORG = "ORG~"
# An unknown Latin acronym or capitalised word with no cue (SXM, VRM, Jevons): in tech
# coverage far more often a term or a surname than a company. Kept only where the
# article says what it is: a bracketed alias, a typed mention, a company owning it.
LATIN_GUESS = "ORG?"
# Not a name at this mention, whatever other mentions say (MIT in MIT 라이선스).
NOT_NAME = "-"
_INITIAL = re.compile(r"^[A-Z]\.$")
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]*)+$")
# Surnames with a capital inside (LeCun, McDonald, DeSantis, DiCaprio): not CamelCase coins.
_SURNAME_PREFIX = r"(?:Mc|Le|La|De|Di|Du|Van|Von)"
_SURNAME_CAMEL = re.compile(rf"^{_SURNAME_PREFIX}[A-Z][a-z]+$")
_PERSON_LATIN = re.compile(rf"^[A-Z][a-z]+(?: [A-Z]\.)?(?: {_SURNAME_PREFIX}?[A-Z][a-z]+){{1,2}}$")
_LATIN_MODEL = re.compile(
    r"^[A-Z]{1,3}-?\d{2,4}[A-Z]?$|^[A-Za-z]+-?[A-Z]?\d+(\.\d+)?[A-Za-z]?$"
    r"|^[A-Z]{1,3}\d+(?:\.\d+)?(?:-[A-Z][A-Za-z]+)+$"  # a model's edition: V4-Pro, R1-Zero
)


# A model code after a hyphen: capitals or a figure (딥시크-R1, GPT-4o, 클로드-3), not a
# capitalised word (Content-Type, Read-Write).
_MODEL_CODE = re.compile(r"\S-(?=[A-Za-z0-9.]{1,5}$)(?:[A-Z]+|[A-Za-z.]*\d[A-Za-z0-9.]*)$")
# The last part of a programming identifier (JpaRepository, LazyInitializationException,
# DataNode, BlockPlacementPolicy): class and interface names in technical writing, which
# CamelCase would otherwise take for a coined product.
_CODE_SUFFIXES = (
    "Exception Error Repository Node Policy Manager Service Controller Factory Handler "
    "Provider Builder Adapter Listener Interface Impl Config Configuration Template Client "
    "Context Request Response Entity Dto DTO Dao DAO Mapper Util Utils Helper Bean Filter "
    "Resolver Validator Processor Executor Loader Serializer Exporter Wrapper Callback Event "
    "Registry Visitor Proxy Decorator Session Transaction Test Tests Mock"
).split()
_CAMEL_PART = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


def _code_identifier(name: str) -> bool:
    """A class, method or field name: CamelCase ending in a code suffix, lowerCamel
    (findById), snake_case or dotted (os.path)."""
    if " " in name:
        return False
    if "_" in name.strip("_") or re.fullmatch(r"[a-z]+[A-Z]\w*", name):
        return True
    if re.fullmatch(r"[A-Za-z]+(?:\.[A-Za-z]+)+", name) and not name.isupper():
        return True
    parts = _CAMEL_PART.findall(name)
    if len(parts) < 2 or "".join(parts) != name:
        return False
    if parts[0].lower() in FUNCTION_WORDS:
        return True  # InMemory, OnPremise: an English phrase run together
    return parts[-1] in _CODE_SUFFIXES and len(parts[-1]) < len(name)


def _gap(a: Token, b: Token) -> int:
    return b.start - (a.start + a.len)


def _classify_number(unit: str | None) -> str | None:
    if unit is None:
        return None
    if unit in CURRENCY:
        return "MONEY"
    if unit in PERCENT_UNITS:
        return "PERCENT"
    if unit in DATE_UNITS:
        return "DATE"
    if unit in QUANTITY_UNITS:
        return "QUANTITY"
    return None


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # "name" or a number type
    tokens: list


def _capitalised(word: str) -> bool:
    return (word[:1].isupper() and word[1:].islower() and word.isalpha()) or bool(
        _SURNAME_CAMEL.match(word)
    )


def _cue_at(tokens: Sequence[Token], k: int) -> bool:
    """A title word at k: 총리, 애널리스트, 최고경영자 (Kiwi splits it as 최고 + 경영자),
    or a title with its department in one word (상무+장관, 선임+연구원, 부+총리)."""
    if k >= len(tokens):
        return False
    form = tokens[k].form
    if form in PERSON_CUES:
        return True
    if k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1]
    if form == "최고" and nxt.form in ("경영자", "책임자"):
        return True
    if tokens[k].tag not in ("NNG", "NNP", "XPN") or len(form) > 3 or _gap(tokens[k], nxt):
        return False
    # 상무+장관, 검찰+총장; an office's head: 전주+지검장, 서울+시장, 해병대+사단장
    return nxt.form in COMPOUND_CUES or (
        nxt.tag == "NNG"
        and len(nxt.form) >= 2
        and nxt.form.endswith("장")
        and not nxt.form.endswith(_PLACES_IN_JANG)
    )


# Words ending in 장 that name a place or an act, never an office's head: 신탄진+공장,
# 서울+광장, 사고+현장 (not 서울+시장, 전주+지검장).
_PLACES_IN_JANG = (
    "공장",
    "광장",
    "현장",
    "입장",
    "주장",
    "등장",
    "성장",
    "확장",
    "극장",
    "농장",
    "목장",
    "매장",
    "상장",
    "전장",
    "도장",
    "경기장",
    "운동장",
    "주차장",
    "수영장",
    "전시장",
    "행사장",
    "회의장",
    "예식장",
    "골프장",
    "야구장",
    "축구장",
    "공사장",
    "작업장",
    "사업장",
    "처리장",
    "정류장",
    "시험장",
    "투표장",
    "공연장",
)


def _latin_person_follows(tokens: Sequence[Token], k: int) -> bool:
    """At k: a bracketed Latin name of two or three capitalised words (Cleo Abram)."""
    if k >= len(tokens) or tokens[k].form != "(":
        return False
    words = []
    m = k + 1
    while m < len(tokens) and tokens[m].tag == "SL" and len(words) < 4:
        words.append(tokens[m].form)
        m += 1
    if m >= len(tokens) or tokens[m].form != ")" or not 2 <= len(words) <= 3:
        return False
    name = " ".join(words)
    return bool(_PERSON_LATIN.match(name)) and (
        words[0] in ENGLISH_GIVEN_NAMES or 2 * sum(map(is_english_word, words)) < len(words)
    )


def _joins(tokens: Sequence[Token], i: int, j: int, text: str) -> bool:
    first = text[tokens[i].start : tokens[j].start + tokens[j].len]
    if first in GIVEN_NAMES or f"{first} {tokens[j + 1].form}" in typed_names():
        return True
    # A foreign name in two words before a title, perhaps with the employer between:
    # 기시다 후미오 총리, 조지프 무어 애널리스트, 팻 겔싱어 인텔 CEO.
    if i != j or " " in tokens[j].form:  # one given name, not a name Kiwi already has whole
        return False
    if not all(_could_be_personal(tokens[k].form) for k in (j, j + 1)):
        return False
    if _latin_person_follows(tokens, j + 2):
        return True  # 클레오 아브람(Cleo Abram): the original spelling is a person's name
    if _cue_at(tokens, j + 1):
        return False  # the second word opens the title: 이창수 전주+지검장
    if _cue_at(tokens, j + 2):
        return True
    employer = tokens[j + 2] if j + 2 < len(tokens) else None
    return (
        employer is not None
        and employer.tag in NAME_TAGS
        and _gap(tokens[j + 1], employer) == 1
        and typed_names().get(employer.form, "ORG") == "ORG"
        and _cue_at(tokens, j + 3)
    )


_NUMBER_RANGE = re.compile(r"\d+(?:\.\d+)?-\d+(?:\.\d+)?")
_VERSION = re.compile(r"^\d{1,2}(\.\d{1,2})?$")
_AFTER_VERSION = {
    "가",
    "이",
    "는",
    "은",
    "를",
    "을",
    "로",
    "으로",
    "와",
    "과",
    "의",
    "도",
    "에",
    "급",
}


def _version_follows(tokens: Sequence[Token], j: int, seams: set[int]) -> bool:
    """A short number after a name, itself ending the word: 그록 3가, not 트럼프 2기."""
    if j + 1 >= len(tokens) or tokens[j].tag not in ("NNP", "SL"):
        return False
    num = tokens[j + 1]
    if num.tag != "SN" or not _VERSION.match(num.form) or _gap(tokens[j], num) != 1:
        return False
    if num.start in seams or typed_names().get(tokens[j].form) in ("PERSON", "LOC"):
        return False
    return _number_ends_word(tokens, j + 1, also=_AFTER_VERSION)


def _number_ends_word(tokens: Sequence[Token], k: int, also: set[str] | None = None) -> bool:
    """Token k (a version number) ends its word: a space, a particle or punctuation
    follows (or one of the forms `also`, particles Kiwi may tag otherwise)."""
    if k + 1 >= len(tokens) or _gap(tokens[k], tokens[k + 1]) > 0:
        return True
    follower = tokens[k + 1]
    return (
        follower.tag.startswith("J")
        or follower.tag in ("SF", "SP", "SSC", "SE")
        or follower.form in (also or ())
    )


def _model_code_follows(tokens: Sequence[Token], j: int, seams: set[int]) -> bool:
    """A model code after a name and a space, ending the word: DeepSeek V3, 딥시크 R1의."""
    if j + 2 >= len(tokens) or tokens[j].tag not in ("NNP", "SL"):
        return False
    letter, num = tokens[j + 1], tokens[j + 2]
    if not (
        letter.tag == "SL"
        and len(letter.form) <= 2
        and letter.form.isupper()
        and num.tag == "SN"
        and re.fullmatch(r"\d(?:\.\d{1,2})?", num.form)  # V3, R1, V3.2; not H20, B200
        and _gap(tokens[j], letter) == 1
        and _gap(letter, num) == 0
        and letter.start not in seams
        and typed_names().get(tokens[j].form) not in ("PERSON", "LOC")
    ):
        return False
    return _number_ends_word(tokens, j + 2)


# Words after a company's Latin name that make an organisation or a unit, not a product.
_MAKER_UNITS = set(
    "Research Labs Lab Inc Corp Corporation Group Foundation Ventures Capital Holdings "
    "Electronics Web Services Company Co Ltd Japan Korea China America Europe Asia Global "
    "Institute University Team Studio Studios Games Entertainment Securities Bank "
    "Semiconductor Semiconductors Display Electric Electro Mechanics Motors Chemical "
    "Chemicals Energy Biologics Pharma Telecom Networks Systems Technologies Solutions".split()
)


def _maker_product_end(
    tokens: Sequence[Token], i: int, j: int, text: str, seams: set[int]
) -> int | None:
    """A company's Latin name and the brand words after it name one product: AWS
    Lambda, Microsoft Teams, NVIDIA NeMo, NVIDIA Container Toolkit (not Microsoft
    Research, nor OpenAI Codex: a product known by its own name is a second name)."""
    if i != j or tokens[i].tag != "SL" or j + 1 >= len(tokens):
        return None
    names = typed_names()
    nxt = tokens[j + 1]
    if (
        names.get(tokens[i].form) != "ORG"
        or nxt.tag != "SL"
        or _gap(tokens[j], nxt) != 1
        or nxt.start in seams
        or not _BRAND_WORD.fullmatch(nxt.form)
        or nxt.form in COMMON_ACRONYMS
        or nxt.form in _MAKER_UNITS
        or nxt.form in ENGLISH_GIVEN_NAMES
        or f"{tokens[i].form} {nxt.form}" in names
        or names.get(nxt.form) in ("PRODUCT", "ORG")  # OpenAI Codex, Google DeepMind
    ):
        return None
    k = j + 1
    while (  # the product's further words: NVIDIA Container Toolkit, … Spatial Streaming
        k + 1 < len(tokens)
        and tokens[k + 1].tag == "SL"
        and _gap(tokens[k], tokens[k + 1]) == 1
        and tokens[k + 1].start not in seams
        and re.fullmatch(r"[A-Z][a-z]{2,}", tokens[k + 1].form)
        and tokens[k + 1].form not in _MAKER_UNITS
    ):
        k += 1
    return k if _word_ends(tokens, k, text) else None


# A brand word after its maker: a capitalised word (Lambda), one in camel case (NeMo,
# DeepOps) or a short acronym (NIM, NGC)
_BRAND_WORD = re.compile(r"[A-Z][a-z]{2,}|[A-Z][a-z]*[A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{3,5}")


def _maker_then_product(tokens: Sequence[Token], i: int, j: int) -> bool:
    """A known company's Latin name, then one of its known products: two names
    (Anthropic Claude Code, Alibaba Qwen), not one person or product."""
    names = typed_names()
    return (
        i == j
        and names.get(tokens[i].form) == "ORG"
        and names.get(tokens[j + 1].form) == "PRODUCT"
        and f"{tokens[i].form} {tokens[j + 1].form}" not in names
    )


def _could_be_personal(word: str) -> bool:
    """Not a known organisation or place, nor shaped like one (한국은행, 상무부)."""
    kind = typed_names().get(word)
    if kind is not None:
        return kind == "PERSON"
    return not word.endswith(tuple(s for s in ORG_SUFFIXES + LOC_SUFFIXES if len(s) >= 2))


_MAYBE_NAME_TAGS = {"NNG", "NNP", "MM", "NP"}
_MODEL_CODE_WORD = re.compile(r"^(?:[A-Z]|[A-Za-z]{0,3}\d[\w.]*)$")


_SIZE_CODE = re.compile(r"\d+(?:\.\d+)?[BMK](?![A-Za-z])")


def _edition_before_size(tokens: Sequence[Token], k: int, text: str) -> bool:
    """An edition between a model and its size: Llama 4 Maverick 17B."""
    if k + 2 >= len(tokens):
        return False
    nxt, size = tokens[k + 1], tokens[k + 2]
    return (
        _gap(tokens[k], nxt) == 1
        and nxt.tag == "SL"
        and bool(re.fullmatch(r"[A-Z][a-z]{2,}", nxt.form))
        and _gap(nxt, size) == 1
        and bool(_SIZE_CODE.match(text, size.start))
    )


def _product_line_end(tokens: Sequence[Token], i: int, j: int, text: str, seams: set[int]) -> int:
    """The last token of a known product's name with its line and model words after it."""
    names = typed_names()
    head = text[tokens[i].start : tokens[j].start + tokens[j].len].strip("®™")
    coded = (  # a chip or device code and a line word: A17 Pro, M5 Max, X100 Ultra
        all(t.tag in ("SL", "SN") for t in tokens[i : j + 1])
        and j + 2 < len(tokens)
        and _LATIN_MODEL.match(head)
        and any(c.isdigit() for c in head)
        and tokens[j + 1].form in MODEL_WORDS
        and tokens[j + 1].form.isascii()
        and _gap(tokens[j], tokens[j + 1]) == 1
    )
    if names.get(head) != "PRODUCT" and names.get(tokens[i].form) != "PRODUCT" and not coded:
        return j
    k = j
    while k + 1 < len(tokens):
        nxt = tokens[k + 1]
        gap = _gap(tokens[k], nxt)
        if gap not in (0, 1) or nxt.start in seams:
            break
        if (
            nxt.form in MODEL_WORDS
            or (nxt.tag in ("SL", "SN") and _MODEL_CODE_WORD.match(nxt.form))
            or _edition_before_size(tokens, k, text)
        ):
            k += 1
        elif gap == 0 and nxt.tag in ("SN", "SL") and k > j:
            k += 1  # 북+4, 폴드+7
        else:
            break
    # A bare trailing number is a version only where it ends the word (not 아이폰 3대).
    if (
        k > j
        and tokens[k].tag == "SN"
        and k + 1 < len(tokens)
        and _gap(tokens[k], tokens[k + 1]) == 0
    ):
        nxt = tokens[k + 1]
        if not (nxt.tag.startswith("J") or nxt.tag in ("SF", "SP", "SSC", "SE")):
            k -= 1
    return k


def _unit_of_end(tokens: Sequence[Token], i: int, j: int, text: str, seams: set[int]) -> int:
    """A known organisation and its unit after a space: 해병대 1사단, 국방부 조사본부."""
    head = text[tokens[i].start : tokens[j].start + tokens[j].len]
    if typed_names().get(head) != "ORG" or j + 1 >= len(tokens):
        return j
    nxt = tokens[j + 1]
    if _gap(tokens[j], nxt) != 1 or nxt.start in seams:
        return j
    two = (
        nxt.form + tokens[j + 2].form
        if j + 2 < len(tokens) and _gap(nxt, tokens[j + 2]) == 0
        else None
    )
    if nxt.tag == "NNG" and nxt.form in ORG_UNITS:
        k = j + 1
    elif nxt.tag == "NNG" and two in ORG_UNITS:
        k = j + 2  # 조사+본부
    elif (
        nxt.tag == "SN"
        and j + 2 < len(tokens)
        and _gap(nxt, tokens[j + 2]) == 0
        and tokens[j + 2].form in NUMBERED_UNITS
    ):
        k = j + 2
    else:
        return j
    return k if _word_ends(tokens, k, text) else j


# How Kiwi may tag the surname syllable of a name it cut up: 이/MM 원석, 엄/XR 태 웅,
# 채/MAG 윤 서, 채/NNB 민 준.
_SURNAME_TAGS = ("NNG", "NNP", "MM", "NP", "XR", "MAG", "NNB")
# Suffixes that make a dictionary word a common noun of a role or a kind: 사용+자,
# 최적+화, 생산+성 (권 is left out: 변상+권 is a name Kiwi cut so)
_NOUN_SUFFIXES = {"자", "화", "성", "적", "률", "력", "형", "식", "론", "층", "계"}
_AGE = re.compile(r"\s?\(\d{2}(?:세)?[)·,]")


def _korean_name_end(tokens: Sequence[Token], i: int, text: str, seams: set[int]) -> int | None:
    """A Korean full name Kiwi did not know and cut into syllables (김/NNP 규/NNG 민/NNG),
    or read as one unknown noun (곽희원/NNG): the index of its last token, else None."""
    tok = tokens[i]
    if tok.form[:1] not in SURNAMES or tok.tag not in _SURNAME_TAGS:
        return None
    if tok.start and _HANGUL.match(text[tok.start - 1]):
        return None  # not the start of a word
    cue_needed = False
    late = i > 0 and tokens[i - 1].form in ("고", "故") and tokens[i - 1].tag in ("MM", "SH")
    if tok.tag == "NNG" and getattr(tok, "oov", False) and len(tok.form) == 3:
        k = i
        # an English word in Hangul (임베딩, 백로그) or two words of the dictionary
        # (연산+량) is a name only with a cue
        cue_needed = (
            _loanword_noun(tok.form)
            or bool(LOANWORD_SYLLABLES & set(tok.form))
            or _compound_word(tok.form)
        )
    elif (
        tok.tag in _SURNAME_TAGS
        and tok.form[:1] in SURNAMES
        and len(tok.form) <= 2
        and (tok.tag != "NNP" or len(tok.form) == 2)
    ):
        # Read as words: 이/MM 원석/NNG, 노정/NNG 연/NNG. A name only before a title.
        k, length = i, len(tok.form)
        while (
            length < 3
            and k + 1 < len(tokens)
            and _gap(tokens[k], tokens[k + 1]) == 0
            and tokens[k + 1].start not in seams
            and tokens[k + 1].tag in ("NNG", "NNP", "XSN", "NNB", "XR")
            and _HANGUL.match(tokens[k + 1].form)
        ):
            k += 1
            length += len(tokens[k].form)
        if length != 3 or k == i or (tokens[k].form == "들" and tokens[k].tag == "XSN"):
            return None  # 사람+들에게: a plural, no one's name
        if (
            k == i + 1
            and tok.tag == "NNG"
            and not getattr(tok, "oov", False)
            and tokens[k].tag == "XSN"
            and tokens[k].form in _NOUN_SUFFIXES
            and not _employer_follows(tokens[k].start + tokens[k].len, tokens[k + 1 : k + 2])
        ):
            return None  # 사용+자에게, 최적+화: a word of the dictionary and its suffix
        cue_needed = not late
    elif tok.tag == "NNP" and len(tok.form) == 1 and tok.form in SURNAMES:
        k, length = i, 1
        while (
            length < 3
            and k + 1 < len(tokens)
            and _gap(tokens[k], tokens[k + 1]) == 0
            and tokens[k + 1].start not in seams
            and len(tokens[k + 1].form) == 1
            and tokens[k + 1].tag in ("NNG", "NNP", "XSN", "NNB", "XR")
        ):
            k += 1
            length += 1
        if length != 3:
            return None
    else:
        return None
    if tokens[i].form[0] not in SURNAMES:
        return None
    end = tokens[k].start + tokens[k].len
    if cue_needed:
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and _gap(tokens[k], nxt) == 0 and nxt.form in TO_A_PERSON:
            return k  # 변상+권에게: a particle used of people only
        glued_on = end < len(text) and _HANGUL.match(text[end])
        if glued_on:
            return None
        if _AGE.match(text, end):
            return k  # 엄태웅(32): an age in brackets
        return k if _title_follows(tokens, k + 1) else None
    if end < len(text) and _HANGUL.match(text[end]):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None or not (nxt.tag.startswith("J") or nxt.form == "씨"):
            return None  # the word goes on: not a name alone
        return k
    # Followed by a title, a comma, a slash or a bracket: 박채규 대표, [권덕철 / ...].
    rest = text[end : end + 12]
    if re.match(r"\s*[,/·)\]]", rest):
        return k
    return k if late or _title_follows(tokens, k + 1) else None


def _title_follows(tokens: Sequence[Token], k: int) -> bool:
    """A title at k, or an employer then a title: 박채규 대표, 채수근 해병대 상병."""
    if _cue_at(tokens, k):
        return True
    if (
        k + 1 < len(tokens)
        and tokens[k].tag == "SN"
        and _gap(tokens[k], tokens[k + 1]) == 0
        and tokens[k + 1].tag == "NNG"
        and tokens[k + 1].form.endswith(("사단장", "군단장", "여단장", "함대사령관", "대대장"))
    ):
        return True  # 임성근 1사단장: a numbered unit's head
    return (
        k + 1 < len(tokens)
        and tokens[k].tag in ("NNP", "NNG")
        and len(tokens[k].form) <= 4
        and _gap(tokens[k], tokens[k + 1]) == 1
        and _cue_at(tokens, k + 1)
    )


_HANGUL = re.compile(r"[가-힣]")


@lru_cache(maxsize=1)
def _listed_nouns() -> frozenset[str]:
    """Our names that Kiwi may still tag as common nouns (국방부/NNG): names all the same."""
    return frozenset(name for name, _, common in gazetteer_rows() if not common and " " not in name)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[str]]:
    """Our multi-word names by first word, longest first (오픈 AI, JP 모간, LG AI연구원)."""
    by_first: dict[str, list[str]] = {}
    for name in own_names():
        if " " in name:
            by_first.setdefault(name.split(" ", 1)[0], []).append(name)
    return {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}


@lru_cache(maxsize=1)
def _glued_names() -> dict[str, list[str]]:
    """Our one-word Hangul names by first letter, longest first (수도권, 비수도권)."""
    by_first: dict[str, list[str]] = {}
    for name, _, common in gazetteer_rows():
        if len(name) >= 3 and not common and _HANGUL_WORD.fullmatch(name):
            by_first.setdefault(name[0], []).append(name)
    return {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}


def _listed_word_end(tokens: Sequence[Token], i: int, text: str, seams: set[int]) -> int | None:
    """A one-word name of our list that Kiwi cut into pieces (수도+권): its last token."""
    tok = tokens[i]
    names = _glued_names().get(tok.form[:1])
    if not names or (tok.start and _HANGUL.match(text[tok.start - 1])):
        return None
    for name in names:
        end = tok.start + len(name)
        if len(name) <= tok.len or not text.startswith(name, tok.start):
            continue
        if any(tok.start < s < end for s in seams):
            continue
        for k in range(i + 1, min(i + 5, len(tokens))):
            if tokens[k].start + tokens[k].len == end:
                return k if _word_ends(tokens, k, text) else None
    return None


@lru_cache(maxsize=1)
def _phrase_initials() -> frozenset[str]:
    return frozenset(first[0] for first in _phrases())


def _listed_phrase_end(tokens: Sequence[Token], i: int, text: str, seams: set[int]) -> int | None:
    """A multi-word name of our list that Kiwi cut into words: the index of its last token."""
    tok = tokens[i]
    if tok.form[:1] not in _phrase_initials() or (tok.start and _HANGUL.match(text[tok.start - 1])):
        return None
    space = text.find(" ", tok.start)
    names = _phrases().get(text[tok.start : space]) if space > tok.start else None
    for name in names or ():
        end = tok.start + len(name)
        if text[tok.start : end] != name or (
            end < len(text) and text[end].isascii() and text[end].isalnum()
        ):
            continue
        if any(tok.start < s < end for s in seams):
            continue
        for k in range(i + 1, min(i + 6, len(tokens))):
            if tokens[k].start + tokens[k].len == end:
                return k
    return None


def _word_ends(tokens: Sequence[Token], k: int, text: str) -> bool:
    """Token k ends its word, or only a particle follows it."""
    end = tokens[k].start + tokens[k].len
    if end >= len(text) or not _HANGUL.match(text[end]):
        return True
    return k + 1 < len(tokens) and tokens[k + 1].tag.startswith("J")


def _glued_nouns_end(tokens: Sequence[Token], k: int, seams: set[int], most: int) -> int:
    while (
        k + 1 < len(tokens)
        and most > 0
        and tokens[k + 1].tag == "NNG"
        and _gap(tokens[k], tokens[k + 1]) == 0
        and tokens[k + 1].start not in seams
    ):
        k += 1
        most -= 1
    return k


def _institution_end(tokens: Sequence[Token], i: int, text: str, seams: set[int]) -> int | None:
    """A word of common nouns ending in an institution's head: its last token."""
    if tokens[i].start and _HANGUL.match(text[tokens[i].start - 1]):
        return None
    # A place or name may open it: 세종+사회+복지+공동+모금회, 한국+탐사+저널리즘+센터.
    named = tokens[i].tag == "NNP"
    k = _glued_nouns_end(tokens, i, seams, 5 if named else 3)
    if k == i or tokens[k].form not in INSTITUTION_HEADS or not _word_ends(tokens, k, text):
        return None
    if named and k - i < 2:
        return None  # 서울+센터: too little to tell a body from a building
    if tokens[k].form == "센터" and not named:
        return None  # 데이터센터, 고객센터: a place of work, not a body
    if tokens[k].form in ("공사", "기구", "조합", "본부") and k - i < 2:
        return None  # 건설공사, 국제기구, 노동조합, 사업본부: common words in two nouns
    return k


# The words a school's name ends in, glued or after a space: 카네기 멜론+대학교,
# 매사추세츠 공대, 하노버 의과+대학, 웨스턴 온타리오 대학.
_SCHOOL_HEADS = {"대학교", "대학", "대학원", "공대", "의대", "스쿨"}


def _school_end(tokens: Sequence[Token], j: int, text: str, seams: set[int]) -> int | None:
    """After a name (tokens up to j), up to two more name words and a school's head word:
    the head's index. Kiwi reads a foreign school's words as common nouns (멜론)."""
    n = len(tokens)
    k = j
    for _ in range(3):
        first = k + 1
        if first >= n or _gap(tokens[k], tokens[first]) != 1 or tokens[first].start in seams:
            return None
        last = first
        while (
            last + 1 < n
            and _gap(tokens[last], tokens[last + 1]) == 0
            and tokens[last + 1].tag in ("NNG", "NNP")
        ):
            last += 1
        word = tokens[first : last + 1]
        if any(t.tag not in ("NNG", "NNP") for t in word):
            return None
        if word[-1].form in _SCHOOL_HEADS and _word_ends(tokens, last, text):
            if last == first and k == j and typed_names().get(tokens[j].form) == "LOC":
                return None  # 미국 대학, 서울 대학원: a country's schools, not one school
            return last if last - first <= 1 else None  # not 인공지능+반도체+대학원
        if any(t.tag != "NNP" for t in word) or typed_names().get(word[0].form) in (
            "ORG",
            "PERSON",
        ):
            return None  # 유회준 카이스트 …대학원: a person, then a known school
        k = last
    return None


def _noun_tail(tokens: Sequence[Token], j: int, text: str, seams: set[int]) -> int | None:
    """After a company's name, glued common nouns of 4+ letters that end the word."""
    k = _glued_nouns_end(tokens, j, seams, 4)
    if not _word_ends(tokens, k, text):
        return None
    if (
        k > j
        and tokens[k].form != "원장"
        and (tokens[k].form in PERSON_CUES or tokens[k].form in COMPOUND_CUES)
    ):
        k -= 1  # 삼성전자+반도체+사장: the title is not part of the company's name
    if k == j or tokens[k].start + tokens[k].len - (tokens[j].start + tokens[j].len) < 4:
        return None
    return k


def _office_in(tok: Token, text: str) -> int | None:
    """One token naming an office, perhaps with its head's title glued on (울산지검장,
    창원지검장), or an organisation Kiwi does not know (세종시체육회): the office's end."""
    form = tok.form
    if len(form) < 3 or tok.tag not in ("NNG", "NNP") or not _HANGUL.match(form[:1]):
        return None
    if tok.start and _HANGUL.match(text[tok.start - 1]):
        return None
    stem = form[:-1] if form.endswith("장") else None
    for suffix in OFFICE_SUFFIXES:
        if stem and stem.endswith(suffix) and len(stem) >= len(suffix) + 2:
            return tok.start + len(stem)
    if tok.tag == "NNG" and getattr(tok, "oov", False):
        for suffix in ORG_SUFFIXES:
            if len(suffix) >= 2 and form.endswith(suffix) and len(form) >= len(suffix) + 2:
                return tok.start + len(form)
    return None


_BIG_UNITS = {"조", "억", "만"}


def _number_goes_on(tokens: Sequence[Token], j: int, text: str, seams: set[int]) -> bool:
    """A Korean amount written with a space after its big unit: 1억 2천만 달러, 3조 5000억원."""
    if j + 2 >= len(tokens):
        return False
    cur, nxt, after = tokens[j], tokens[j + 1], tokens[j + 2]
    return (
        cur.tag == "NR"
        and cur.form in _BIG_UNITS
        and text[cur.start + cur.len : nxt.start] == " "
        and nxt.start not in seams
        and nxt.tag == "SN"
        and after.tag == "NR"
        and _gap(nxt, after) == 0
    )


def _spans(tokens: Sequence[Token], text: str, seams: set[int]) -> list[_Span]:
    spans: list[_Span] = []
    i, n = 0, len(tokens)

    def glued(a: Token, b: Token) -> bool:
        return _gap(a, b) == 0 and (b.start not in seams)

    while i < n:
        tok = tokens[i]
        if (
            tok.tag in NUMERAL_TAGS
            or (tok.tag in ("SW", "SL") and tok.form in ("$", "₩", "€"))
            or (tok.tag == "W_SERIAL" and _NUMBER_RANGE.fullmatch(tok.form))  # 60-70%
        ):
            # Numbers: SN/NR chains, optional decimal, then a unit (possibly after a space).
            j = i
            prefix_unit = tok.form if tok.tag in ("SW", "SL") else None
            if prefix_unit:
                j += 1
                if j >= n or tokens[j].tag != "SN" or not glued(tok, tokens[j]):
                    i += 1
                    continue
            while j + 1 < n and (
                glued(tokens[j], tokens[j + 1]) or _number_goes_on(tokens, j, text, seams)
            ):
                nxt = tokens[j + 1]
                if nxt.tag in NUMERAL_TAGS | {"XSN"} and nxt.form not in ("째",):
                    j += 1
                elif (
                    (nxt.form in RANGE_MARKS or (nxt.form == "-" and nxt.tag == "SO"))
                    and j + 2 < n
                    and tokens[j + 2].tag == "SN"
                    and glued(nxt, tokens[j + 2])
                ):
                    j += 2  # a range with one unit: 30~50%, 5000~8000단어, 50만-60만장
                else:
                    break
            unit = None
            end_tok = tokens[j]
            trimmed = 0  # characters of end_tok past the figure's end
            if prefix_unit:
                unit = prefix_unit
            elif (
                j + 1 < n
                and _gap(tokens[j], tokens[j + 1]) <= 1
                and tokens[j + 1].start not in seams
            ):
                nxt = tokens[j + 1]
                form = nxt.form
                two_tokens = (
                    j + 2 < n
                    and glued(nxt, tokens[j + 2])
                    and _classify_number(form + tokens[j + 2].form) == "QUANTITY"
                )
                if two_tokens:
                    # a unit Kiwi splits in two: 10억 매개+변수
                    unit, end_tok, j = form + tokens[j + 2].form, tokens[j + 2], j + 2
                elif nxt.tag == "SL" and form.endswith(".") and _classify_number(form[:-1]):
                    # Kiwi keeps a sentence's full stop on a Latin unit: 8TB. -> 8TB
                    unit, end_tok, j = form[:-1], nxt, j + 1
                    trimmed = 1
                elif (
                    nxt.tag in ("NNB", "NNG", "SW", "SL", "XSN")
                    and _classify_number(form)
                    and not (
                        _gap(tokens[j], nxt) == 1
                        and j + 2 < n
                        and glued(nxt, tokens[j + 2])
                        and tokens[j + 2].tag in ("NNG", "NNP")
                    )
                ):  # not '1 개인': after a space the unit is a word of its own
                    # '5000억 원' keeps the space; '2048개' has none
                    unit, end_tok, j = form, nxt, j + 1
                    # 년대, 개월, 여명...: unit made of two glued tokens
                    if j + 1 < n and glued(nxt, tokens[j + 1]):
                        two = form + tokens[j + 1].form
                        if _classify_number(two):
                            unit, end_tok, j = two, tokens[j + 1], j + 1
            if (  # a rate: 2TB/s
                unit
                and j + 2 < n
                and _classify_number(f"{unit}/{tokens[j + 2].form}") == "QUANTITY"
                and text[end_tok.start + end_tok.len : tokens[j + 2].start] == "/"
            ):
                unit, end_tok, j = f"{unit}/{tokens[j + 2].form}", tokens[j + 2], j + 2
            if tok.tag == "W_SERIAL" and end_tok.tag == "SL":
                unit = None  # 라마 2-70B: a model's name, not a range of sizes
            kind = _classify_number(unit)
            digits = any(t.tag == "SN" for t in tokens[i : j + 1])
            if kind and (digits or len(tok.form) >= 2):
                end = end_tok.start + end_tok.len - trimmed
                spans.append(_Span(tok.start, end, kind, tokens[i : j + 1]))
            i = j + 1
            continue
        if (
            tok.tag == "MM"
            and tok.form in NATIVE_NUMERALS
            and i + 1 < n
            and _gap(tok, tokens[i + 1]) == 1
            and tokens[i + 1].start not in seams
            and tokens[i + 1].form in NATIVE_COUNTERS
            and tokens[i + 1].tag in ("NNB", "NNG")
            and _word_ends(tokens, i + 1, text)
        ):  # 두 개, 세 명: a count in Korean number words
            spans.append(
                _Span(
                    tok.start,
                    tokens[i + 1].start + tokens[i + 1].len,
                    "QUANTITY",
                    tokens[i : i + 2],
                )
            )
            i += 2
            continue
        hangul = tok.tag in _MAYBE_NAME_TAGS  # a cheap test first: these run on every token
        k = _listed_word_end(tokens, i, text, seams) if hangul else None
        if k is not None:  # before the name rule: 수도+권 is no 수 씨
            spans.append(
                _Span(tok.start, tokens[k].start + tokens[k].len, "name", tokens[i : k + 1])
            )
            i = k + 1
            continue
        surname_like = hangul or tok.tag in ("XR", "MAG", "NNB")
        k = _korean_name_end(tokens, i, text, seams) if surname_like else None
        if k is not None:
            spans.append(
                _Span(tok.start, tokens[k].start + tokens[k].len, "PERSON", tokens[i : k + 1])
            )
            i = k + 1
            continue
        k = (
            _listed_phrase_end(tokens, i, text, seams)
            if tok.form[:1] in _phrase_initials()
            else None
        )
        if k is not None:
            phrase = text[tok.start : tokens[k].start + tokens[k].len]
            if typed_names().get(phrase) == "PRODUCT":  # its version: Claude Opus 4.7
                k = _product_line_end(
                    tokens, i, k + int(_version_follows(tokens, k, seams)), text, seams
                )
            spans.append(
                _Span(tok.start, tokens[k].start + tokens[k].len, "name", tokens[i : k + 1])
            )
            i = k + 1
            continue
        if (
            tok.tag == "NNG"
            and len(tok.form) >= 2
            and i + 1 < n
            and tokens[i + 1].form in STRONG_ORG_SUFFIXES
            and _gap(tok, tokens[i + 1]) == 1
            and tokens[i + 1].start not in seams
            and _word_ends(tokens, i + 1, text)
            and not (tok.start and _HANGUL.match(text[tok.start - 1]))
        ):
            end = tokens[i + 1].start + tokens[i + 1].len
            spans.append(_Span(tok.start, end, "ORG", tokens[i : i + 2]))  # 고릴라 테크놀로지
            i += 2
            continue
        k = _institution_end(tokens, i, text, seams) if tok.tag in ("NNG", "NNP") else None
        if k is not None:
            end = tokens[k].start + tokens[k].len
            spans.append(_Span(tok.start, end, "ORG", tokens[i : k + 1]))
            i = k + 1
            continue
        office = _office_in(tok, text) if hangul and len(tok.form) >= 3 else None
        if office is not None:
            spans.append(_Span(tok.start, office, "ORG", [tok]))
            i += 1
            continue
        company_mark = (
            tok.form in COMPANY_MARKS
            and i + 1 < n
            and tokens[i + 1].tag in NAME_TAGS
            and glued(tok, tokens[i + 1])
        )
        listed_noun = tok.tag == "NNG" and tok.form in _listed_nouns()
        if tok.tag in NAME_TAGS or company_mark or listed_noun:
            j = i
            while j + 1 < n:
                nxt = tokens[j + 1]
                if not glued(tokens[j], nxt):
                    break
                if nxt.tag in NAME_TAGS or nxt.tag == "SN":
                    j += 1
                elif nxt.form in COMPANY_MARKS or nxt.form in ("®", "™"):
                    j += 1  # 흥덕산업㈜, 스냅드래곤®
                elif nxt.form == "+" and not (
                    j + 2 < n and glued(nxt, tokens[j + 2]) and tokens[j + 2].tag in ("SN", "SL")
                ):
                    j += 1  # 코파일럿+, 디즈니+ (not 1+1)
                elif (
                    nxt.tag == "SO"
                    and nxt.form == "-"
                    and j + 2 < n
                    and glued(nxt, tokens[j + 2])
                    and tokens[j + 2].tag in NAME_TAGS | {"SN"}
                ):
                    j += 2
                elif nxt.tag in ("NNG", "XSN") and any(
                    nxt.form == s for s in ORG_SUFFIXES + LOC_SUFFIXES if len(s) >= 2
                ):
                    j += 1  # 삼성+전자, SK+그룹
                elif nxt.tag == "NNG" and nxt.form[:-1] in OFFICE_SUFFIXES and nxt.form[-1] == "장":
                    j += 1  # 전주+지검장, 성남+지청장
                elif (
                    j == i
                    and typed_names().get(tok.form) == "ORG"
                    and (tail := _noun_tail(tokens, j, text, seams)) is not None
                ):
                    j = tail  # 효성+인포메이션+시스템: a group's company, named whole
                elif (
                    nxt.tag in ("XSN", "NNG")
                    and nxt.form in ("성", "시", "주", "현")
                    and tok.tag == "NNP"
                    and len(tok.form) >= 2
                ):
                    j += 1  # 저장+성, 항저우+시, 애리조나+주, 구마모토+현
                elif (
                    nxt.form == "대"
                    and tok.tag == "NNP"
                    and len(tok.form) >= 3
                    and j == i
                    and _word_ends(tokens, j + 1, text)
                ):
                    j += 1  # 펜실베이니아+대, 칭화+대: a university's short name
                elif nxt.form == "씨" and tok.tag == "SL":
                    j += 1  # A씨: an anonymised person
                else:
                    break
            # Two names with one space that make one person or a known name: 샘 올트만.
            while (
                j + 1 < n
                and _gap(tokens[j], tokens[j + 1]) == 1
                and tokens[j + 1].start not in seams
                and (
                    (tokens[j].tag == tokens[j + 1].tag == "NNP" and _joins(tokens, i, j, text))
                    or (
                        tokens[j].tag == tokens[j + 1].tag == "SL"
                        and not _maker_then_product(tokens, i, j)
                        and (_capitalised(tokens[j].form) or _INITIAL.match(tokens[j].form))
                        and (
                            _capitalised(tokens[j + 1].form)
                            or (  # a middle initial: Jay T. Stock
                                _INITIAL.match(tokens[j + 1].form)
                                and j + 2 < n
                                and _gap(tokens[j + 1], tokens[j + 2]) == 1
                                and _capitalised(tokens[j + 2].form)
                            )
                        )
                    )
                )
            ):
                j += 1
            school = _school_end(tokens, j, text, seams) if hangul else None
            if school is not None:
                end = tokens[school].start + tokens[school].len
                spans.append(_Span(tok.start, end, "ORG", tokens[i : school + 1]))
                i = school + 1
                continue
            made = _maker_product_end(tokens, i, j, text, seams)
            if made is not None:
                end = tokens[made].start + tokens[made].len
                spans.append(_Span(tok.start, end, "PRODUCT", tokens[i : made + 1]))
                i = made + 1
                continue
            if _version_follows(tokens, j, seams):
                j += 1  # a model and its version: 그록 3, 엑사원 3.0
            elif _model_code_follows(tokens, j, seams):
                j += 2  # a maker's model: DeepSeek V3, 딥시크 R1
            j = _product_line_end(tokens, i, j, text, seams)
            j = _unit_of_end(tokens, i, j, text, seams)
            spaced = False
            while (
                j + 1 < n
                and _gap(tokens[j], tokens[j + 1]) == 1
                and tokens[j + 1].start not in seams
                and tokens[j + 1].form in SPACED_ORG_SUFFIXES
                and text[tok.start : tokens[j].start + tokens[j].len] not in COMMON_ACRONYMS
            ):
                j += 1  # 퍼싱스퀘어 캐피탈 매니지먼트, 구글 리서치
                spaced = True
            end = tokens[j].start + tokens[j].len
            last = tokens[j]
            if (
                j > i
                and last.tag == "NNG"
                and last.form.endswith("장")
                and (last.form[:-1] in OFFICE_SUFFIXES or last.form == "원장")
            ):
                end -= 1  # 전주지검장, 고려대의료원장: the office's head; the office is 전주지검
            spans.append(_Span(tok.start, end, "ORG" if spaced else "name", tokens[i : j + 1]))
            i = j + 1
            continue
        i += 1
    # Date chains: '2019년 5월', '2025년 1월 28일'
    merged: list[_Span] = []
    for span in spans:
        prev = merged[-1] if merged else None
        if (
            prev
            and prev.kind == span.kind == "DATE"
            and span.start - prev.end <= 1
            and text[prev.end : span.start].strip() == ""
            and _date_rank(text[prev.start : prev.end], -1)
            < _date_rank(text[span.start : span.end], 0)
        ):
            prev.end = span.end
            prev.tokens += span.tokens
            continue
        merged.append(span)
    return merged


# Korean number words before a counter (두 개, 세 명); 가지/차례/번 (ways, times) are
# left out, as the guidelines leave vague counts out, and so is 한 (한 곳, 한 명: "a").
NATIVE_NUMERALS = {"두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무"}
NATIVE_COUNTERS = {"개", "명", "곳", "개국", "건", "대", "척"}
_DATE_RANK = re.compile(r"년대|세기|년|반기|분기|월|주|일")
_DATE_RANKS = {"세기": 0, "년대": 0, "년": 1, "반기": 2, "분기": 2, "월": 3, "주": 4, "일": 5}


def _date_rank(surface: str, which: int) -> int:
    """The calendar level of a date's first (0) or last (-1) unit: '2019년 5월' chains
    from year down to day; '2025년 2026년' is two dates."""
    units = _DATE_RANK.findall(surface)
    if not units:
        return 3 if which == -1 else 4  # unknown: chain as before
    return _DATE_RANKS[units[which]]


def _type_name(
    name: str,
    span: _Span,
    before: list[Token],
    after: list[Token],
    common: frozenset[str] = frozenset(),
) -> str | None:
    names = typed_names()
    if (
        after
        and after[0].tag == "XSN"
        and after[0].form in DERIVATIVES
        and after[0].start == span.end
        and (names.get(name) == "LOC" or name.endswith(LOC_SUFFIXES))
    ):
        return None  # 중국산, 중국인, 한국제: made in / people of a place, not the place
    if name.endswith("화") and after and after[0].form in ("로", "으로") and after[0].tag == "JKB":
        return None  # 한화로 약 5조원: an amount in a currency (한화, 엔화), not the company
    if (
        after
        and after[0].form in ("라이선스", "라이센스", "License", "license")
        and after[0].start - span.end == 1
    ):
        return NOT_NAME  # MIT 라이선스, Apache License: a licence's name, not its author
    if name in names:
        if names[name] == "PRODUCT" and before and before[-1].form in ORG_BEFORE:
            return "ORG"  # 'AI 스타트업 마누스': a product's name, here the company's
        return names[name]
    first = span.tokens[0]
    if (
        len(span.tokens) > 1
        and first.tag == "SL"
        and first.form in COMMON_ACRONYMS
        and all(t.tag == "NNG" for t in span.tokens[1:])
    ):
        return None  # AI반도체, AI솔루션, IT기업: a common noun with an acronym glued on
    last = span.tokens[-1].form
    if (last in ORG_UNITS or last in NUMBERED_UNITS or name.endswith(tuple(ORG_UNITS))) and (
        names.get(span.tokens[0].form) == "ORG"
    ):
        return "ORG"  # 해병대 1사단, 국방부 조사본부: a unit of a known organisation
    bare = name.strip("㈜㈔®™")
    if bare != name:
        if name[0] in COMPANY_MARKS or name[-1] in COMPANY_MARKS:
            return "ORG"  # ㈜디지털이엠씨, 흥덕산업㈜
        if bare in names:
            return names[bare]  # 스냅드래곤®
    tags = {t.tag for t in span.tokens}
    if (
        tags <= {"NNP", "SN"}
        and name.rstrip("0123456789") in common_nouns()
        and not _cue_at(after, 0)
    ):
        return None  # a loanword Kiwi takes for a name: 캐시, 쿼리, 유튜버, 코로나19
    if len(span.tokens) > 1 and names.get(span.tokens[0].form) == "PRODUCT":
        return "PRODUCT"  # a product line and its model: 스냅드래곤® X 엘리트
    first_word = name.split(" ", 1)[0]
    if (" " in name and first_word in GIVEN_NAMES) or name.endswith("씨"):
        return "PERSON"
    if " " in name and tags == {"NNP"} and _latin_person_follows(after, 0):
        return "PERSON"  # 클레오 아브람(Cleo Abram)
    if len(name) >= 4 and name.endswith("당") and tags == {"NNP"} and " " not in name:
        return "ORG"  # 자유한국당 의원: a party (no one's name ends in 당 after three syllables)
    if len(name) >= 3 and name[-1] in "시성" and names.get(name[:-1].strip()) == "LOC":
        return "LOC"  # 우한시, 저장성
    if name.endswith("어") and names.get(name[:-1]) == "LOC":
        return None  # a language (중국어, 영어), not one of our types
    quoted = (
        before
        and before[-1].form in ("‘", "'", "“", '"')
        and after
        and after[0].form in ("’", "'", "”", '"')
    )
    quoted_alias = (
        before
        and before[-1].form in ("‘", "'", "“", '"')
        and len(after) >= 3
        and after[0].form == "("
        and after[1].tag == "SL"
        and after[1].start == span.end + 1
    )
    if quoted_alias and tags == {"NNP"} and not _cue_at(after, 0):
        return "PRODUCT"  # '올모(OLMo)', '트라이어텐션(TriAttention)': a launched name
    if _launched(after) and "SN" not in tags and name not in COMMON_ACRONYMS:
        return "PRODUCT"  # what a company 내놓다/공개하다/출시하다 is a product, quoted or not
    if quoted and tags == {"NNP"}:
        return LISTED  # a coined term in quotes, unless the article names it elsewhere
    # An organisation's own suffix outweighs a title after it: 한국은행 (총재).
    for suffix in ORG_SUFFIXES:
        if len(suffix) >= 2 and name.endswith(suffix) and len(name) > len(suffix):
            return "ORG"
    # Context cues: a title word right after (or after the employer, for a name in two
    # words: 팻 겔싱어 인텔 CEO), or right before the name.
    prv = [t.form for t in before[-2:]]
    if (
        _cue_at(after, 0)
        and before
        and before[-1].tag == "NNP"
        and _gap(before[-1], span.tokens[0]) == 1
        and names.get(before[-1].form) == "PERSON"
    ):
        return "ORG"  # the employer between a person and their title: 제롬 파월 연준 의장
    employer_then_cue = (
        after
        and after[0].tag in NAME_TAGS
        and _cue_at(after, 1)
        and (" " in name or names.get(after[0].form) == "ORG")
    )  # 팻 겔싱어 인텔 CEO, 웨이저자 TSMC 회장
    if (
        after
        and after[0].form in PLACE_AFTER
        and after[0].start - span.end == 1
        and tags == {"NNP"}
        and len(name) >= 2
    ):
        return "LOC"  # 창핑 지역, 나주 인근: what has surroundings is a place
    if (
        after
        and after[0].form in ORG_AFTER
        and after[0].start - span.end <= 1
        and tags <= {"NNP", "SL"}
        and name not in COMMON_ACRONYMS
        and not (len(name) == 3 and name[0] in SURNAMES and tags == {"NNP"})
    ):
        return "ORG"  # 엔비디아 연구진, 뉴스타파 취재진: what has researchers or a share price
    personal = name not in COMMON_ACRONYMS and not (len(name) == 1 and tags == {"NNP"})
    aged = (
        len(after) >= 2
        and after[0].form == "("
        and after[1].tag == "SN"
        and re.fullmatch(r"\d{2}", after[1].form)
        and tags == {"NNP"}
    )
    if personal and aged:
        return "PERSON"  # 노정연(57·사법연수원 25기): a person's age in brackets
    occupation = bool(before) and (
        before[-1].form in PERSON_BEFORE
        or (
            len(before) >= 3
            and before[-1].tag == "ETM"
            and before[-2].tag == "VCP"
            and before[-3].form in PERSON_BEFORE
        )
    )
    if personal and occupation and tags == {"NNP"} and _could_be_personal(name):
        return "PERSON"  # 유튜버 오스시, 애널리스트인 케이스 러너: an occupation, then the name
    if personal and (
        _cue_at(after, 0)
        or employer_then_cue
        # a title before the name ('대표 홍길동'); '전' and '씨' only follow one ('홍길동
        # 전 대표'): '20분 전 교반기 위에' is no one
        or (prv and prv[-1] in PERSON_CUES and prv[-1] not in ("전", "씨") and tags == {"NNP"})
    ):
        return "PERSON"  # not 이 (전 대표): a surname alone stands for a person named before
    called = _called(after)
    if called is not None and name not in COMMON_ACRONYMS:
        return called  # 다부스(DABUS)라는 인공지능, 클로바라는 회사
    if "SN" not in tags and name not in COMMON_ACRONYMS:
        if prv and prv[-1] in ORG_BEFORE:
            return "ORG"  # 자회사 하이실리콘, 스타트업 미스트랄
        if before and before[-1].form in BULLETS and after and after[0].form == "=":
            return "ORG"  # ▲네오펙트=FDA 등록: a market brief's company list
        if (
            tags <= {"NNP", "SL"}
            and after
            and after[0].tag in ("JX", "JKS", "JKG")
            and any(t.form in ORG_CONTEXT for t in after[1:6])
        ):
            return "ORG"  # 이노룰스는 3분기 매출 …: what reports sales is a company
    if "NNP" in tags and tags <= {"NNP", "NNG", "XSN"} and len(name) >= 3:
        for suffix in ("특별시", "광역시", "성", "시", "주", "현"):
            if name.endswith(suffix) and span.tokens[-1].form == suffix:
                return "LOC"
        if name.endswith(LANDMARK_SUFFIXES) and " " not in name:
            return "LOC"
    if name in COMMON_ACRONYMS:
        return None  # FC-BGA: a term of the field, whatever its shape
    if (_MODEL_CODE.search(name) or re.search(r"-[A-Za-z]{0,3}\d", name)) and tags & {"NNP", "SL"}:
        return "PRODUCT"  # 딥시크-RI, 클로드-3: a name with a model code after a hyphen
    if "SH" in tags and tags <= {"SH"}:
        return None  # bare Hanja: only typed as an alias of the name before it
    latin_words = re.findall(r"[A-Za-z]+", name)
    if (
        "SN" in tags
        and tags <= {"SL", "SN", "SO"}
        and latin_words
        and all(is_english_word(w) and w not in MODEL_WORDS for w in latin_words)
    ):
        return None  # following 7, Step 1, house-1946371: an English word and a number
    if "SN" in tags and ("NNP" in tags or "SL" in tags) and " " in name:
        return "PRODUCT"  # a name and its version: GPT 5, 라마 3
    if tags <= {"SL", "SN", "SO"} and "SL" in tags:
        name = name.rstrip(".")  # AGI., T.: an abbreviation's or a sentence's full stop
        if name in COMMON_ACRONYMS or name.upper() in COMMON_ACRONYMS or len(name) <= 1:
            return None
        if len(set(name)) == 1:
            return None  # OOOOO: a name masked out
        if name.endswith("s") and name[:-1] in COMMON_ACRONYMS:
            return None  # LLMs, GPUs
        words = re.split(r"[\s-]+", name)
        if words[0] in ENGLISH_GIVEN_NAMES and _PERSON_LATIN.match(name):
            return "PERSON"  # Bill Gates, Jay T. Stock
        if _tool_named(name, span, after):
            return "PRODUCT"  # Hadoop 클러스터, Homebrew를 설치: what runs or is installed
        if all(is_english_word(w) or w.lower() in FUNCTION_WORDS for w in words):
            return None  # an English gloss or heading: Physical Simulation, Levels, Export
        if name.isupper() and len(name) >= 5 and is_english_word(name.capitalize()):
            return None  # SUMMIT, GLOBAL
        if _LATIN_MODEL.match(name) and any(c.isdigit() for c in name):
            return "PRODUCT"
        if len(name) == 1:
            return None
        if name.isupper() and len(name) <= 6:
            return LATIN_GUESS
        if _code_identifier(name):
            return None  # JpaRepository, DataNode: a class name in a technical post
        if _CAMEL.match(name) and not _SURNAME_CAMEL.match(name):
            return "PRODUCT"  # TurboQuant, AlexNet, OpenClaw: a coined product or method
        if len(words) > 1 and names.get(words[0]) == "ORG" and words[-1] in _MAKER_UNITS:
            return "ORG"  # Samsung Electro-Mechanics, Samsung Semiconductor: a company's unit
        if _PERSON_LATIN.match(name) and (
            words[0] in ENGLISH_GIVEN_NAMES or 2 * sum(map(is_english_word, words)) < len(words)
        ):
            return "PERSON"  # Cleo Abram, Jay T. Stock: a given name, or words no dictionary has
        if name[:1].isupper():
            return LATIN_GUESS
        return None
    if "SN" in tags and ("NNP" in tags or "SL" in tags):
        return "PRODUCT"  # 어센드 910C, 딥시크-R1, 메이트 60
    if tags == {"NNP"}:
        word_ends = not after or after[0].start > span.end or after[0].tag.startswith("J")
        if (
            len(name) == 3
            and word_ends
            and name[0] in SURNAMES
            and name[-1] not in "부지장소사시구도궁군동대적자산"  # 금강산: a mountain
            and not LOANWORD_SYLLABLES.intersection(name)
            and name not in common
            and (not _compound_word(name) or _employer_follows(span.end, after))
        ):
            return "PERSON"
        if any(name.endswith(h) and len(name) > len(h) + 1 for h in INSTITUTION_HEADS):
            return "ORG"  # 국제박람회기구, 선거관리위원회: an institution Kiwi knows whole
        if len(name) >= 3 and name[-1] in "시구군동" and len(span.tokens) == 1:
            return "LOC"  # 포항시, 용산구, 서초동: a district Kiwi knows whole
        if len(name) >= 3 and name[-1] == "대" and not _cue_at(after, 0):
            return "ORG"  # 인하대, 전남대, 한전공대: a university's short name
        if name.endswith(LANDMARK_SUFFIXES) and len(name) >= 3:
            return "LOC"  # 경복궁, 사직구장
        if len(name) == 1:
            return None
        # An unknown name with no cue: a name only where it acts like one (takes a
        # subject/topic/possessive particle), typed as the likeliest kind, ORG; or
        # where it is listed with names of a known type.
        if not (after and after[0].tag in ("JKS", "JX", "JKG", "JC", "JKO")):
            return LISTED
        # A word Kiwi's dictionary lists as a proper noun is as often a loanword common
        # noun (셧다운, 러쉬) as a name: typed only by a cue or a list. One it has never
        # seen, taking a particle, is most likely a new company's name.
        if _loanword_noun(name):
            return LISTED  # 브랜딩, 스케줄러, 커스터마이징: an English common noun in Hangul
        return WEAK_ORG if all(getattr(t, "oov", False) for t in span.tokens) else LISTED
    return "ORG"


# Hangul endings that transcribe English noun suffixes: -ing (브랜딩, 커스터마이징),
# -tion (솔루션), -ment (매니지먼트), -ity (커뮤니티), -er/-or (스케줄러, 컨트롤러, 라우터),
# -ism (포퓰리즘), -logy (테크놀로지). A word Kiwi never saw that ends so is far more
# often a common noun than a new company's name.
_LOANWORD_ENDINGS = ("션", "먼트", "리티", "니티", "비티", "러", "터", "저", "이저", "즘", "로지")


def _loanword_noun(name: str) -> bool:
    if len(name) < 3 or not _HANGUL_WORD.fullmatch(name):
        return False
    code = ord(name[-1]) - 0xAC00
    ing = code % 28 == 21 and (code // 28) % 21 == 20  # final ㅇ after the vowel ㅣ: 딩, 징
    return ing or name.endswith(_LOANWORD_ENDINGS)


def extract_entities(tokens: Sequence[Token], text: str, seams: Sequence[int] = ()) -> list[Entity]:
    """Entities in `text` (offsets into it) from Kiwi tokens of the same string."""
    return resolve(candidates(tokens, text, seams), text)


def candidates(
    tokens: Sequence[Token],
    text: str,
    seams: Sequence[int] = (),
    common: frozenset[str] = frozenset(),
) -> list[Entity]:
    """Typed and still untyped (type "" or LISTED) names and figures of one paragraph.

    `resolve` types the rest and drops what stays untyped; an article's paragraphs are
    resolved together, so a short form or an alias is typed by a mention elsewhere.
    `common`: words Kiwi reads as common nouns elsewhere in the article.
    """
    seam_set = set(seams)
    spans = _spans(tokens, text, seam_set)
    index = {id(t): k for k, t in enumerate(tokens)}
    entities: list[Entity] = []
    for span in spans:
        surface = text[span.start : span.end]
        if span.kind != "name":
            entities.append(Entity(span.start, span.end, surface, span.kind))
            continue
        if (span.end < len(text) and text[span.end].isascii() and text[span.end].isalpha()) or (
            span.start and text[span.start - 1].isascii() and text[span.start - 1].isalpha()
        ):
            continue  # Kiwi cut a Latin word in two (Simul+ation.): no name of a piece
        first, last = index[id(span.tokens[0])], index[id(span.tokens[-1])]
        before, after = list(tokens[max(0, first - 3) : first]), list(tokens[last + 1 : last + 9])
        kind = _type_name(surface, span, before, after, common)
        if kind == NOT_NAME:
            continue
        if kind and kind != LISTED:
            entities.append(Entity(span.start, span.end, surface, kind))
        elif kind == LISTED or "SH" in {t.tag for t in span.tokens} or surface[:1].isascii():
            # Untyped for now: an alias, a short form or a list may type it below.
            entities.append(Entity(span.start, span.end, surface, kind or ""))
    entities = _paired(_hyphenated(_whole_codes(entities, text), text))
    return _quoted_names(entities, tokens, text, seam_set)


_HYPHENATED_WORD = re.compile(r"(?:-[A-Z][a-z]+)+(?![A-Za-z0-9-])")


def _hyphenated(entities: list[Entity], text: str) -> list[Entity]:
    """A Latin name whose last word is hyphenated goes on over it: Samsung
    Electro-Mechanics (Kiwi cut it at the hyphen)."""
    out = []
    for e in entities:
        tail = _HYPHENATED_WORD.match(text, e.end) if re.search(r"[a-z]$", e.text) else None
        if tail and " " in e.text:
            e = Entity(e.start, tail.end(), text[e.start : tail.end()], e.type)
        out.append(e)
    return out


_PAIR = re.compile(r"([^\s\-·]+)[-·]([^\s\-·]+)")


def _paired(entities: list[Entity]) -> list[Entity]:
    """Two known names a headline joins with a hyphen are two mentions: 구글-오픈AI,
    삼성-SK (a model's code after a hyphen, 딥시크-R1, is no name of its own)."""
    names = typed_names()
    out: list[Entity] = []
    for e in entities:
        pair = _PAIR.fullmatch(e.text)
        kinds = [names.get(pair.group(1)), names.get(pair.group(2))] if pair else []
        if pair and all(k in ("ORG", "LOC", "PERSON") for k in kinds):
            out += [
                Entity(e.start + pair.start(g), e.start + pair.end(g), pair.group(g), k)
                for g, k in ((1, kinds[0]), (2, kinds[1]))
            ]
        else:
            out.append(e)
    return out


# the rest of a model's code glued to a name Kiwi cut short ('QwenLong-L' + '1-32B',
# 'DeepSeek-R' + '1-0528', 'Qwen' + '3-235B-A22B': Kiwi reads '1-32' as a serial)
_CODE_TAIL = re.compile(r"[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def _whole_codes(entities: list[Entity], text: str) -> list[Entity]:
    out: list[Entity] = []
    grown_to = -1  # the end of the last code grown over what follows it
    for e in sorted(entities, key=lambda x: x.start):
        if e.start < grown_to:
            continue  # a piece of the code just grown ('B-A22B' of 'Qwen3-235B-A22B')
        if e.type in ("PRODUCT", LATIN_GUESS, "") and re.search(r"[A-Za-z]$", e.text):
            tail = _CODE_TAIL.match(text, e.end).group(0)
            if re.search(r"\d", tail):
                end = e.end + len(tail)
                e, grown_to = Entity(e.start, end, text[e.start : end], e.type or "PRODUCT"), end
        out.append(e)
    return out


_QUOTABLE_TAGS = {"NNP", "NNG", "SL", "SN", "SH", "SO", "SW", "XSN", "XPN", "NNB"}


_CALLED_KIND = {
    **dict.fromkeys(PRODUCT_NOUNS | {"인공지능", "AI", "앱", "서비스"}, "PRODUCT"),
    **dict.fromkeys(ORG_BEFORE | {"단체", "기관", "연구소", "정당", "은행", "대학"}, "ORG"),
    **dict.fromkeys(
        {"사람", "인물", "남성", "여성", "남자", "여자", "청년", "소년", "소녀"}, "PERSON"
    ),
}


def _launched(after: list) -> bool:
    """The object of 내놓다/공개하다/출시하다, past a closing quote or a bracketed original:
    X를 공개했다, 'X'를 출시했다, X(Xname)를 선보였다."""
    k = 0
    if after[:1] and after[0].form in CLOSE_QUOTES:
        k += 1
    if k < len(after) and after[k].form == "(":
        while k < len(after) and after[k].form != ")":
            k += 1
        k += 1
    if k < len(after) and after[k].form in CLOSE_QUOTES:
        k += 1
    return k + 1 < len(after) and after[k].tag == "JKO" and after[k + 1].form in LAUNCH_VERBS


# Kinds of software a tool's name stands before (Hadoop 클러스터, MLXP 플랫폼), and verbs
# whose object is a tool (Homebrew를 설치하다, Airflow를 사용하다).
TOOL_NOUNS = {
    "클러스터",
    "플랫폼",
    "라이브러리",
    "프레임워크",
    "엔진",
    "스케줄러",
    "컨테이너",
    "플러그인",
    "에디터",
    "브라우저",
    "런타임",
    "데이터베이스",
    "DB",
    "SDK",
    "CLI",
    "API",
    "운영체제",
    "앱",
    "서버",
}
USE_VERBS = {"설치", "사용", "이용", "활용", "실행", "쓰", "배포", "구동", "도입", "연동"}


def _tool_named(name: str, span: _Span, after: list) -> bool:
    """A capitalised Latin name that is no everyday English word before a kind of
    software (MLXP 플랫폼), or one that is no acronym as the object of a use verb
    (Homebrew를 설치하다)."""
    if not name[:1].isupper() or " " in name or name in COMMON_ACRONYMS:
        return False
    if not after or after[0].start - span.end > 1:
        return False
    if after[0].start - span.end == 1:
        return after[0].form in TOOL_NOUNS and not is_english_word(name)
    return (
        after[0].tag == "JKO"
        and len(after) > 1
        and after[1].form in USE_VERBS
        and not name.isupper()  # MLA를 쓰다, ESM을 쓰다: a method's or a format's acronym
        and not is_english_word(name)
    )


def _like_kind(after: list) -> str | None:
    """The kind in 'X 같은 <kind>', 'X와 같은 <kind>', 'X 등 (주요) <kind>':
    바이두나 웨이라이 같은 기업들, '한컴피디아' 등 주요 AI 제품군."""
    k = 0
    if k < len(after) and after[k].form in CLOSE_QUOTES:
        k += 1
    if k < len(after) and after[k].form in ("와", "과") and after[k].tag.startswith("J"):
        k += 1
    if k + 1 < len(after) and after[k].form == "같" and after[k + 1].form == "은":
        k += 2
    elif k < len(after) and after[k].form == "등" and after[k].tag == "NNB":
        k += 1
    else:
        return None
    for tok in after[k : k + 3]:
        kind = _CALLED_KIND.get(tok.form)
        if kind is not None:
            return kind
        if tok.tag not in ("NNG", "SL", "MM"):
            return None
    return None


def _called(after: list) -> str | None:
    """The kind in 'X(이)라는 <kind>', perhaps with X's original in brackets between."""
    k = 0
    if after[:1] and after[0].form == "(":
        while k < len(after) and after[k].form != ")":
            k += 1
        k += 1
    rest = after[k : k + 4]
    forms = [t.form for t in rest]
    like = _like_kind(after[k:])
    if like is not None:
        return like
    if len(forms) < 3 or forms[1] not in ("라는", "란") or rest[0].tag != "VCP":
        return None
    noun = forms[2]
    if len(rest) > 3 and rest[3].tag == "NNG" and _gap(rest[2], rest[3]) == 0:
        noun += forms[3]  # 인공+지능
    return _CALLED_KIND.get(noun) or _CALLED_KIND.get(forms[2])


def _quoted_names(
    entities: list[Entity], tokens: Sequence[Token], text: str, seams: set[int]
) -> list[Entity]:
    """A short quoted name next to the kind of thing it is: a product (or, after
    스타트업/자회사, a company). The quotes are how the press marks a new name."""
    out = list(entities)
    n = len(tokens)
    quoted_kinds: list[tuple[int, str]] = []  # (start of the open quote, kind), right to left
    for i in range(n - 1, -1, -1):
        tok = tokens[i]
        if tok.form not in OPEN_QUOTES:
            continue
        k = i + 1
        while k < n and k - i <= 6 and tokens[k].tag in _QUOTABLE_TAGS:
            k += 1
        alias: list = []
        if k + 2 < n and k > i + 1 and tokens[k].form == "(":
            # its original in brackets inside the quotes: ‘어텐션 매칭(Attention Matching)’
            m = k + 1
            while m < n and m - k <= 8 and tokens[m].tag in _QUOTABLE_TAGS:
                m += 1
            if m + 1 < n and m > k + 1 and tokens[m].form == ")":
                alias, k_name, k = tokens[k + 1 : m], k, m + 1
        if k >= n or k == i + 1 or tokens[k].form not in CLOSE_QUOTES:
            continue
        inner = tokens[i + 1 : k_name] if alias else tokens[i + 1 : k]
        start, end = inner[0].start, inner[-1].start + inner[-1].len
        if any(start < s < end for s in seams) or "\n" in text[start:end]:
            continue
        namely = any(t.tag in ("NNP", "SL", "SH") or getattr(t, "oov", False) for t in inner) or (
            len(inner) >= 2 and _gap(inner[0], inner[1]) == 1
        )
        if not namely:
            continue  # one everyday word in quotes ('혁신') is a term, not a name
        word_before = tokens[i - 1] if i and _gap(tokens[i - 1], tok) <= 1 else None
        word_after = tokens[k + 1] if k + 1 < n and _gap(tokens[k], tokens[k + 1]) <= 1 else None
        if word_after is not None and word_after.tag.startswith("J"):
            word_after = None  # '올모'를: the object, not a kind
        kind = None
        if word_before is not None and word_before.form in ORG_BEFORE:
            kind = "ORG"
        elif any(w is not None and w.form in PRODUCT_NOUNS for w in (word_before, word_after)):
            kind = "PRODUCT"
        elif k + 1 < n:
            kind = _like_kind(tokens[k + 1 : k + 6])  # 'X' 등 주요 AI 제품군
        if kind is None and quoted_kinds:
            # one of a list of quoted names: 'A', 'B' 등 AI 제품군
            nxt_start, nxt_kind = quoted_kinds[-1]
            gap = text[tokens[k].start + 1 : nxt_start]
            if re.fullmatch(r"\s?(?:,|와|과|및)\s?", gap):
                kind = nxt_kind
        if kind is None:
            continue
        same = [e for e in out if e.start == start and e.end == end]
        if same and same[0].type not in ("", LISTED, WEAK_ORG, "ORG"):
            continue  # already typed: 갤럭시 북4 엣지
        if same and same[0].type == "ORG" and typed_names().get(same[0].text) == "ORG":
            continue  # a company we know, quoted
        quoted_kinds.append((tok.start, kind))
        out = [e for e in out if e.end <= start or e.start >= end]
        out.append(Entity(start, end, text[start:end], kind + QUOTED))
        if alias:
            a_start, a_end = alias[0].start, alias[-1].start + alias[-1].len
            out = [e for e in out if e.end <= a_start or e.start >= a_end]
            out.append(Entity(a_start, a_end, text[a_start:a_end], kind + QUOTED))
    return sorted(out, key=lambda e: e.start)


# Marks a type given by the quoted-name rule, so that resolve can find the name's other
# mentions in the article (어텐션 매칭 unquoted, two paragraphs later).
QUOTED = "*"


_COORDINATION = re.compile(r"^(?:, ?|와 |과 |및 |· ?|、)$")


def _introduced(entities: list[Entity], text: str) -> list[Entity]:
    """Every mention of a name the article introduced in quotes, quoted or not."""
    named = {e.text: e.type[: -len(QUOTED)] for e in entities if e.type.endswith(QUOTED)}
    out = [
        Entity(e.start, e.end, e.text, e.type[: -len(QUOTED)]) if e.type.endswith(QUOTED) else e
        for e in entities
    ]
    for name, kind in named.items():
        for m in re.finditer(re.escape(name), text):
            start, end = m.span()
            if start and WORD_CHAR.match(text[start - 1]):
                continue
            if end < len(text) and text[end].isascii() and text[end].isalnum():
                continue
            inside = [e for e in out if e.start < end and start < e.end]
            if any(e.start == start and e.end == end for e in inside):
                continue
            if any(
                e.start < start or e.end > end or e.type not in ("", LISTED, WEAK_ORG, "ORG")
                for e in inside
            ):
                continue  # crosses or holds a typed name: leave it
            out = [e for e in out if e not in inside] + [Entity(start, end, name, kind)]
    return sorted(out, key=lambda e: e.start)


WORD_CHAR = re.compile(r"[가-힣A-Za-z0-9]")


def _abbreviates(short: str, name: str) -> bool:
    """A Korean short form takes its syllables from the name, in order: 방대본 from
    중앙방역대책본부, 과기정통부 from 과학기술정보통신부."""
    if not (2 <= len(short) < len(name)) or not _HANGUL.match(short):
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def resolve(entities: list[Entity], text: str) -> list[Entity]:
    """One type per name within an article; aliases and short forms inherit it."""
    entities = _introduced(entities, text)
    # Names typed only by the new-word default: not spread to their other mentions.
    weak = {e.text for e in entities if e.type == WEAK_ORG} - {
        e.text for e in entities if e.type not in (WEAK_ORG, LISTED, "")
    }
    out: list[Entity] = []
    # 1. A bracketed alias takes the type of the name right before it: 딥시크(DeepSeek).
    typed = list(entities)
    short_forms: dict[str, str] = {}  # 방대본 -> ORG: every mention, whatever it was guessed
    for k in range(1, len(typed)):
        prev, cur = typed[k - 1], typed[k]
        between = text[prev.end : cur.start]
        if (
            between == "("
            and prev.type not in ("", "MONEY", "PERCENT", "DATE", "QUANTITY")
            and (
                cur.type in ("", "ORG", WEAK_ORG, LATIN_GUESS)
                or _abbreviates(cur.text, prev.text)  # 중앙방역대책본부(방대본): not a 방 씨
            )
            and not all(is_english_word(w) for w in re.split(r"[\s-]+", cur.text))
        ):
            typed[k] = Entity(cur.start, cur.end, cur.text, prev.type)
            if _abbreviates(cur.text, prev.text):
                short_forms[cur.text] = prev.type
    # 2. Short forms: the last word of a multi-word PERSON (트럼프 <- 도널드 트럼프).
    people = {e.text.split()[-1] for e in typed if e.type == "PERSON" and " " in e.text}
    people |= {
        e.text[:2] for e in typed if e.type == "PERSON" and " " not in e.text and len(e.text) >= 4
    }
    # 2b. A maker's product named without the maker: Lambda <- AWS Lambda, Gemini <- Google
    # Gemini (a Latin remainder of three letters or more).
    names = typed_names()
    products = {
        rest
        for e in typed
        if e.type == "PRODUCT" and " " in e.text
        for first, rest in [e.text.split(" ", 1)]
        if names.get(first) == "ORG"
        and re.fullmatch(r"[A-Za-z][\w .-]{2,}", rest)
        and not rest.isupper()  # OpenAI API: not every API
    }
    typed = [
        Entity(e.start, e.end, e.text, "PRODUCT")
        if e.text in products and e.type in ("", LISTED, LATIN_GUESS)
        else e
        for e in typed
    ]
    # 3. A name listed with others takes their type: 엔비디아, 세일즈포스 등.
    for k, e in enumerate(typed):
        if e.type != LISTED:
            continue
        for other in (typed[k - 1] if k else None, typed[k + 1] if k + 1 < len(typed) else None):
            if other is None or other.type not in ("ORG", "LOC", "PERSON", WEAK_ORG):
                continue
            gap = text[min(e.end, other.end) : max(e.start, other.start)]
            if _COORDINATION.match(gap):
                typed[k] = Entity(e.start, e.end, e.text, other.type)
                break
    companies = {e.text for e in typed if e.type == "ORG" and names.get(e.text) == "PRODUCT"}
    # 4. The majority type of a surface form wins across the article.
    votes: dict[str, Counter] = {}
    for e in typed:
        if e.type and e.type not in (LISTED, WEAK_ORG, LATIN_GUESS):
            votes.setdefault(e.text, Counter())[e.type] += 1
    for e in typed:
        kind = e.type
        if e.text in short_forms:
            kind = short_forms[e.text]
        elif e.text in people and kind in ("", "ORG", LISTED, WEAK_ORG, LATIN_GUESS):
            kind = "PERSON"
        elif (
            e.text in votes
            and e.type in ("", "ORG", LISTED, WEAK_ORG, LATIN_GUESS)
            and kind not in ("MONEY", "PERCENT", "DATE", "QUANTITY")
        ):
            kind = votes[e.text].most_common(1)[0][0]
        if kind == WEAK_ORG:
            kind = "ORG"
        if kind == "PRODUCT" and e.text in companies:
            kind = "ORG"  # the article calls the product's namesake a company
        if kind and kind != LISTED:
            out.append(Entity(e.start, e.end, e.text, kind))
    out = _products_of_companies(_signed(out, text), text)
    out = _bodies_of(_parties(_employers(out, text), text), text)
    out = _dotted_dates([e for e in _latin_institutions(out, text) if e.type != LATIN_GUESS], text)
    out = _country_codes_and_ranks(_common_acronyms(out, text), text)
    out = _greetings(_bylines(_transliterated(out, text), text), text)
    return _mentioned_again(_given_names(out, text), text, weak)


_NAME_THEN_WORD = re.compile(r"([가-힣]{3}) ([가-힣A-Za-z][가-힣A-Za-z0-9]{1,15})")
# A company's titles (not 총리 or 장관: '기시다 후미오 총리' is one person's name)
_COMPANY_TITLES = (
    "대표이사 대표 부회장 회장 부사장 사장 전무 상무 이사 의장 창업자 최고경영자 최고기술책임자 "
    "본부장 센터장 연구소장 팀장 CEO CTO CFO COO"
).split()
_TITLE_AFTER = re.compile(r" ?(?:" + "|".join(_COMPANY_TITLES) + ")")
_BARE_WORD_BEFORE = re.compile(r"(?<![\w·])([가-힣]{2,4}) $")


def _given_names(entities: list[Entity], text: str) -> list[Entity]:
    """A foreign person's given name written before the surname we found (워렌 버핏):
    a bare Hangul word Kiwi reads as a proper noun or does not know, no place, company
    or common noun. A Korean name (김재순) has its given name glued on already."""
    names = typed_names()
    taken = {(e.start, e.end) for e in entities}
    out = []
    for e in entities:
        split = _NAME_THEN_WORD.fullmatch(e.text) if e.type == "PERSON" else None
        if (
            split
            and _korean_full_name(split[1])
            and split[1] not in GIVEN_NAMES  # 마이크 윌슨: a foreign name
            and not LOANWORD_SYLLABLES & set(split[1])
            and _TITLE_AFTER.match(text, e.end)
        ):
            # '김재순 슈퍼톤 대표': a Korean name, then the company whose title follows
            out.append(Entity(e.start, e.start + 3, split[1], "PERSON"))
            out.append(Entity(e.start + 4, e.end, split[2], "ORG"))
            continue
        prev = out[-1] if out else None
        if (
            e.type == "PERSON"
            and prev is not None
            and prev.type == "PERSON"
            and prev.end == e.start - 1
            and text[prev.end] == " "
            and _HANGUL_WORD.fullmatch(prev.text)
            and _HANGUL_WORD.fullmatch(e.text)
            and not _korean_full_name(prev.text)
            and names.get(prev.text) is None  # 트럼프 바이든: two people
        ):
            # '투자자 워렌 버핏': the given name typed on its own by the occupation before it
            out[-1] = Entity(prev.start, e.end, text[prev.start : e.end], "PERSON")
            continue
        m = _BARE_WORD_BEFORE.search(text, max(0, e.start - 6), e.start)
        if (
            e.type == "PERSON"
            and " " not in e.text
            and _HANGUL_WORD.fullmatch(e.text)
            and not _korean_full_name(e.text)
            and m
            and not any(a < e.start and b > m.start() for a, b in taken)
            and m.group(1) not in names
            and m.group(1) not in PERSON_BEFORE
            and _foreign_word(m.group(1))
        ):
            e = Entity(m.start(1), e.end, text[m.start(1) : e.end], "PERSON")
        out.append(e)
    return out


def _korean_full_name(word: str) -> bool:
    """Three syllables opening with a surname (김재순): a Korean name whole already."""
    return len(word) == 3 and word[0] in SURNAMES


def _foreign_word(word: str) -> bool:
    """A word Kiwi takes for a proper noun or does not know (워렌, 디팍), not a word of
    its dictionary (버너, 대표)."""
    read = _alone(word)
    return len(read) == 1 and (read[0][1] == "NNP" or (read[0][1] == "NNG" and read[0][2]))


_NAME_TYPES = ("PERSON", "ORG", "LOC", "PRODUCT")


def _mentioned_again(
    entities: list[Entity], text: str, weak: set[str] | frozenset[str] = frozenset()
) -> list[Entity]:
    """A Hangul name typed once is typed wherever else it stands as a word (with a
    particle or alone) and no other name covers it: 이경규 가 cue-less later on."""
    kinds: dict[str, set[str]] = {}
    for e in entities:
        if e.type in _NAME_TYPES and len(e.text) >= 2 and _HANGUL_WORD.fullmatch(e.text):
            kinds.setdefault(e.text, set()).add(e.type)
    if not kinds:
        return entities
    taken = [False] * (len(text) + 1)
    for e in entities:
        taken[e.start : e.end] = [True] * (e.end - e.start)
    added: list[Entity] = []
    for name, types in kinds.items():
        if name in weak:
            continue  # typed ORG only because Kiwi never saw the word
        if len(types) != 1:
            continue  # typed two ways in this article: leave the rest alone
        kind = next(iter(types))
        for m in re.finditer(re.escape(name), text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            if start and WORD_CHAR.match(text[start - 1]):
                continue
            if not _PARTICLE_AFTER.match(text, end):
                continue
            taken[start:end] = [True] * (end - start)
            added.append(Entity(start, end, name, kind))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


_HANGUL_WORD = re.compile(r"[가-힣]+")


# A new foreign name as the press introduces it: its Hangul spelling, then the original
# in brackets: 아트브리더(Artbreeder), 코크리에이터(Cocreator). The original is
# capitalised and not an everyday English word (트랜스포머(Transformer) is a gloss).
_TRANSLITERATED = re.compile(
    r"(?<![가-힣A-Za-z0-9])([가-힣]{2,12})\("
    r"([A-Z][A-Za-z0-9]*(?:[ -][A-Za-z0-9][A-Za-z0-9.]*){0,3}|[\u4e00-\u9fff]{1,8})\)"
)
_PARTICLE_AFTER = re.compile(
    r"(?:은|는|이|가|을|를|의|에|에서|에게|와|과|도|로|으로|만|처럼|보다|까지|부터|이라는|라는|이다|다)?"
    r"(?![가-힣])"
)
_ORG_WORDS = ("회사", "기업", "스타트업", "업체", "연구소", "기관", "단체", "제조사", "社")
_LAUNCHED_TEXT = re.compile(
    r"^[’'”\"]?\s?(?:을|를|은|는|이|가)?\s?(?:\S+\s)?(?:출시|공개|선보|발표|내놓|탑재)"
)


@lru_cache(maxsize=8192)
def _alone(word: str) -> tuple[tuple[str, str, bool], ...]:
    """How Kiwi reads a word on its own, whatever it read in context: (form, tag,
    unknown to its dictionary) for each morpheme."""
    from .morph import kiwi

    return tuple((t.form, t.tag, bool(getattr(t, "oov", False))) for t in kiwi().tokenize(word))


def _dictionary_noun(word: str) -> bool:
    """A word Kiwi's dictionary has as one common noun (소프트웨어, 프리뷰): a gloss."""
    read = _alone(word)
    return len(read) == 1 and read[0][1] == "NNG" and not read[0][2]


def _employer_follows(end: int, after: Sequence[Token]) -> bool:
    """A known organisation right after a word ending at `end`: 배경화 현대카드 …"""
    return bool(after) and after[0].start == end + 1 and typed_names().get(after[0].form) == "ORG"


def _compound_word(word: str) -> bool:
    """A word Kiwi, reading it alone, takes for a dictionary word and a suffix or a
    second noun (최적+화, 연산+량, 어닝+콜): no one's name, whatever it read in context."""
    read = _alone(word)
    return (
        len(read) == 2
        and read[0][1] == "NNG"
        and not read[0][2]
        and len(read[0][0]) == 2
        and read[1][1] in ("NNG", "XSN")
    )


def _predicate(word: str) -> bool:
    """A word Kiwi reads as a verb or adjective with its ending (지원한다, 깔렸다): a
    sentence's end before a bracketed source ('…지원한다(TechCrunch).'), no name."""
    return any(tag.startswith("EF") for _, tag, _ in _alone(word))


def _transliteration_type(hangul: str, latin: str, text: str, start: int, end: int) -> str | None:
    """The kind of a name introduced as 한글(Original), from the words around it."""
    before = text[max(0, start - 16) : start]
    after = text[end : end + 16]
    if _CAMEL.match(latin.replace(" ", "")) or _LAUNCHED_TEXT.match(after):
        return "PRODUCT"
    if re.search(r"(?:" + "|".join(_ORG_WORDS) + r")(?:인|이다|이)?\s?['‘\"“]?$", before):
        return "ORG"
    if re.match(r"^[’'”\"]?\s?(?:이?라는|등)?\s?(?:" + "|".join(_ORG_WORDS) + ")", after):
        return "ORG"
    product = "|".join(sorted(PRODUCT_NOUNS, key=len, reverse=True))
    if re.search(r"(?:" + product + r")(?:인|은|는)?\s?['‘\"“]?$", before):
        return "PRODUCT"
    if re.match(r"^[’'”\"]?\s?(?:이?라는|등|의)?\s?(?:" + product + ")(?![가-힣])", after):
        return "PRODUCT"
    return None


def _transliterated(entities: list[Entity], text: str) -> list[Entity]:
    """Names introduced as 한글(Original), and their later mentions, typed by context."""
    found: dict[str, str] = {}
    pairs: list[tuple[Entity, Entity]] = []
    for m in _TRANSLITERATED.finditer(text):
        hangul, latin = m.group(1), m.group(2)
        words = re.split(r"[\s-]+", latin)
        if (
            latin.isascii()
            and latin.isupper()
            or all(is_english_word(w) or w.isdigit() or w.lower() in FUNCTION_WORDS for w in words)
        ):
            continue
        if typed_names().get(hangul) or hangul in common_nouns() or _dictionary_noun(hangul):
            continue
        if _predicate(hangul):
            continue
        h = Entity(m.start(1), m.end(1), hangul, "")
        if any(e.start < h.end and h.start < e.end for e in entities):
            continue
        kind = _transliteration_type(hangul, latin, text, m.start(1), m.end())
        if kind is None:
            continue
        found[hangul] = kind
        pairs.append((h, Entity(m.start(2), m.end(2), latin, kind)))
    if not found:
        return entities
    new: list[Entity] = []
    for h, latin_entity in pairs:
        new.append(Entity(h.start, h.end, h.text, found[h.text]))
        new.append(latin_entity)
    kept = [e for e in entities if not any(n.start < e.end and e.start < n.end for n in new)]
    for hangul, kind in found.items():  # later mentions, where no other name stands
        for m in re.finditer(re.escape(hangul), text):
            if m.start() and re.match(r"[가-힣A-Za-z0-9]", text[m.start() - 1]):
                continue
            if not _PARTICLE_AFTER.match(text, m.end()):
                continue
            if any(e.start < m.end() and m.start() < e.end for e in kept):
                continue
            new.append(Entity(m.start(), m.end(), hangul, kind))
    unique = {(e.start, e.end): e for e in new}
    return sorted(kept + list(unique.values()), key=lambda e: e.start)


# A reporter's byline, the way Korean wires and papers print it: [서울=뉴시스]홍길동 기자,
# (서울=연합뉴스) 홍길동 특파원 =, [매체명 홍길동 기자], [매체명=홍길동 기자], and a bare
# "홍길동 기자 =" or "홍길동 기자hong@…". The name is a PERSON, the outlet an ORG.
_REPORTER = r"(?:(?:인턴|수습|선임|수석|객원|전문|편집)\s?)?(?:기자|특파원)"
_OUTLET = r"(?P<media>[가-힣A-Za-z][가-힣A-Za-z0-9]{1,11})"
_BYLINES = (
    re.compile(
        r"[\[(](?:[가-힣]{1,6}|[A-Za-z]{2,12})\s?=\s?" + _OUTLET + r"\s?[\])]\s*"
        r"(?P<name>[가-힣]{2,4})\s?" + _REPORTER + r"(?![가-힣])"
    ),
    re.compile(
        r"[\[(](?:[가-힣]{1,6}\s?=\s?)?" + _OUTLET + r"(?:\s|\s?=\s?)"
        r"(?P<name>[가-힣]{2,4})\s?" + _REPORTER + r"\s*[\])]"
    ),
    re.compile(
        r"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{3})\s?"
        + _REPORTER
        + r"(?=\s?=|\s?[A-Za-z0-9._-]+@|[ \t]*(?:\n|$))",
        re.MULTILINE,
    ),
)


def _outside(entities: list[Entity], found: list[Entity]) -> list[Entity]:
    """The entities that overlap none of `found` (which replace what the token rules
    made of the same text)."""
    return [e for e in entities if not any(f.start < e.end and e.start < f.end for f in found)]


def _bylines(entities: list[Entity], text: str) -> list[Entity]:
    """A byline's reporter (PERSON) and outlet (ORG) replace what the token rules made of
    them (Kiwi cuts unknown names: 이/JKS 현/MM 주/NNG, or joins outlet and name)."""
    found: list[Entity] = []
    for pattern in _BYLINES:
        for m in pattern.finditer(text):
            name = m.group("name")
            if name[0] not in SURNAMES:
                continue
            start = m.start("name")
            if any(f.start <= start < f.end for f in found):
                continue
            found.append(Entity(start, start + len(name), name, "PERSON"))
            if "media" in pattern.groupindex and m.group("media"):
                media = m.group("media")
                if typed_names().get(media) not in ("LOC", "PERSON"):
                    found.append(Entity(m.start("media"), m.end("media"), media, "ORG"))
    if not found:
        return entities
    kept = _outside(entities, found)
    return sorted(kept + found, key=lambda e: e.start)


# An institution named in English: a run of capitalised words (with of/for/and/the/&
# between them) holding a word only bodies are called by. Department, Center and Office
# count only before of/for ('Department of Energy'), as 'Data Center' is a thing.
_INSTITUTION_WORDS = (
    "University|Universities|Institute|Institutes|Laboratory|Laboratories|School|College|"
    "Academy|Association|Ministry|Agency|Administration|Foundation|Council|Commission|"
    "Committee|Society|Hospital|Bank|Corporation|Inc\\.?|Ltd\\.?|LLC|LLP|Federation|Bureau"
)
_CAP = r"(?:[A-Z][A-Za-z.&'-]*|[A-Z]{2,}\d*)"
_LINK = r"(?: (?:of|for|and|on|&)(?: the)? | )"
_LATIN_INSTITUTION = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_CAP}{_LINK})*?"
    rf"(?:(?:{_INSTITUTION_WORDS})(?![A-Za-z])|(?:Department|Centers?|Centres?|Office)(?= (?:of|for) ))"
    rf"(?:{_LINK}{_CAP})*(?![A-Za-z])"
)


def _latin_institutions(entities: list[Entity], text: str) -> list[Entity]:
    """'MDI Biological Laboratory', 'University of Illinois', 'Allen Institute for AI' are
    organisations whatever the token rules made of their words."""
    found: list[Entity] = []
    for m in _LATIN_INSTITUTION.finditer(text):
        start = m.start() + (4 if m.group(0).startswith("The ") else 0)
        name = text[start : m.end()].rstrip(".")
        words = name.split()
        if len(words) < 2 or not words[-1][:1].isupper() or not words[0][:1].isupper():
            continue
        found.append(Entity(start, start + len(name), name, "ORG"))
    if not found:
        return entities
    kept = _outside(entities, found)
    return sorted(kept + found, key=lambda e: e.start)


# Words that count or point at instances of a kind (여러 IDC, 각 IDC, 다른 IDC, IDC 간):
# an acronym used so is a common noun in this article (internet data centre), not the
# organisation the gazetteer knows by the same letters (the research firm IDC).
_AS_KIND = r"(?:(?:여러|각|다른|타|해당|모든|양쪽|멀티|로컬|복수의?|특정)\s{NAME}|{NAME}\s?(?:간|별|마다)(?![가-힣]))"


# A company's country and ticker in brackets: 'ASML(NL, ASML)', 'SMIC(CN, 0981)'
_COUNTRY_CODE = re.compile(
    r"(?<=\()(?:US|CN|JP|TW|KR|NL|DE|FR|UK|GB|IN|IL|CH|SE|FI|IE|SG|HK|CA|AU|IT|ES)(?=\s?,)"
)
# 'AI 3대 강국', '4대 그룹': the N major ones, a rank (left out like ranks), not N machines
_MAJOR_N = re.compile(
    r"\d{1,2}대(?=\s(?:강국|과제|그룹|기업|은행|시중은행|금융지주|전략|분야|원칙|의제|목표|"
    r"요소|축|방향|개혁|리스크|난제|플랫폼|빅테크|거래소|통신사|이통사|핵심|주요)(?![가-힣]{2}))"
)


def _country_codes_and_ranks(entities: list[Entity], text: str) -> list[Entity]:
    """Country codes beside a ticker are places; 'N대 강국' is a rank, no quantity."""
    ranks = {m.span() for m in _MAJOR_N.finditer(text)}
    out = [e for e in entities if (e.start, e.end) not in ranks]
    codes = [m.span() for m in _COUNTRY_CODE.finditer(text)]
    if not codes:
        return out
    out = [e for e in out if not any(a < e.end and e.start < b for a, b in codes)]
    out += [Entity(a, b, text[a:b], "LOC") for a, b in codes]
    return sorted(out, key=lambda e: e.start)


def _common_acronyms(entities: list[Entity], text: str) -> list[Entity]:
    """Drop an acronym the article uses at least twice as a kind of thing."""
    names = {e.text for e in entities if re.fullmatch(r"[A-Z]{2,5}", e.text)}
    common = set()
    for name in names:
        pattern = _AS_KIND.replace("{NAME}", re.escape(name))
        if len(re.findall(pattern, text)) >= 2:
            common.add(name)
    if not common:
        return entities
    return [e for e in entities if e.text not in common]


# A blogger's greeting: 안녕하세요 마개입니다, 안녕하세요? HyperAccel ML팀 박신현입니다.
_GREETING = re.compile(
    r"안녕하(?:세요|십니까)[.?!,~]*\s+"
    r"(?:(?P<org>[A-Za-z][\w&.-]{1,30}|[가-힣]{2,10})\s+(?:[\w-]{0,10}팀|[\w-]{0,10}부|[\w-]{0,10}랩)\s+)?"
    r"(?P<name>[가-힣]{2,4})(?:입니다|이에요|예요|이라고 합니다|라고 합니다)"
)
# What a greeting may introduce that is no one's name: 개발자입니다, 마케터입니다.
_NOT_SELF = ("자", "가", "사", "원", "생", "터", "러", "너", "님", "팀", "부", "단")


def _greetings(entities: list[Entity], text: str) -> list[Entity]:
    """The writer who introduces themselves (PERSON), and their employer before a team."""
    found: list[Entity] = []
    for m in _GREETING.finditer(text):
        name = m.group("name")
        if name.endswith(_NOT_SELF) or name in common_nouns() or name in PERSON_BEFORE:
            continue
        found.append(Entity(m.start("name"), m.end("name"), name, "PERSON"))
        org = m.group("org")
        if org and typed_names().get(org) not in ("LOC", "PERSON", "PRODUCT"):
            found.append(Entity(m.start("org"), m.end("org"), org, "ORG"))
    if not found:
        return entities
    kept = _outside(entities, found)
    orgs = {f.text for f in found if f.type == "ORG"}
    kept = [Entity(e.start, e.end, e.text, "ORG") if e.text in orgs else e for e in kept]
    return sorted(kept + found, key=lambda e: e.start)


_DOTTED_DATE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\. ?(?:1[0-2]|0?[1-9])\. ?(?:3[01]|[12]\d|0?[1-9])\.?(?!\d)"
)


# 2025-11-14, 2025/11/14: dates as data and web pages write them.
_ISO_DATE = re.compile(
    r"(?<![\d/-])(?:19|20)\d{2}([-/])(?:1[0-2]|0?[1-9])\1(?:3[01]|[12]\d|0?[1-9])(?![\d/-])"
)
# A year alone in brackets after authors: Stock et al. (2023), Morris 외(2024).
_CITED_YEAR = re.compile(
    r"(?<=[A-Za-z가-힣.] \()(?:19|20)\d{2}(?=\))|(?<=[A-Za-z가-힣.]\()(?:19|20)\d{2}(?=\))"
)


def _dotted_dates(entities: list[Entity], text: str) -> list[Entity]:
    """Press-style dates written with dots (2025. 3. 16.), which Kiwi reads as numbers;
    and a cited work's year in brackets."""
    dates = [Entity(m.start(), m.end(), m.group(), "DATE") for m in _DOTTED_DATE.finditer(text)]
    dates += [Entity(m.start(), m.end(), m.group(), "DATE") for m in _CITED_YEAR.finditer(text)]
    dates += [Entity(m.start(), m.end(), m.group(), "DATE") for m in _ISO_DATE.finditer(text)]
    if not dates:
        return entities
    kept = [e for e in entities if not any(d.start < e.end and e.start < d.end for d in dates)]
    return sorted(kept + dates, key=lambda e: e.start)


def _signed(entities: list[Entity], text: str) -> list[Entity]:
    """A percentage keeps its sign when the sign starts the figure: (-3.07%), +0.65%."""
    out = []
    for e in entities:
        s = e.start
        if (
            e.type == "PERCENT"
            and s >= 1
            and text[s - 1] in "+-−"
            and (s == 1 or text[s - 2] in "( \n\t")
        ):
            e = Entity(s - 1, e.end, text[s - 1 : e.end], e.type)
        out.append(e)
    return out


_OF_ORG = re.compile(r"의 (?:[가-힣]+ )?$")


_PARTY_PREFIX = re.compile(r"[가-힣]{1,4}$")


def _parties(entities: list[Entity], text: str) -> list[Entity]:
    """A party's name written with a word glued before a known party is the whole word:
    우리+공화당, 자유+한국당 (Kiwi reads 우리 as a pronoun)."""
    out = []
    for e in entities:
        if (
            e.type == "ORG"
            and e.text.endswith("당")
            and e.start
            and _HANGUL.match(text[e.start - 1])
        ):
            m = _PARTY_PREFIX.search(text, max(0, e.start - 4), e.start)
            if m and (m.start() == 0 or not _HANGUL.match(text[m.start() - 1])):
                e = Entity(m.start(), e.end, text[m.start() : e.end], "ORG")
        out.append(e)
    return out


# A body that only its owner's name makes a name: 'EU 집행위원회', '공산당 중앙위원회',
# '중국 공산당' (not 'EU' and a committee, nor a country and a party).
_OWNED_BODY = re.compile(
    r"^(?:집행|중앙|상임|전국|특별)?위원회$|^(?:집행|중앙)위$|^이사회$|^공산당$"
)
_BODY_TERM = re.compile(r"(?<![\w])제?\d{1,3}기 $")


# A firm's legal form before its name: '법무법인 화우', '삼일회계법인' is one word.
_FIRM = re.compile(
    r"(?<![가-힣])(?:법무법인|회계법인|세무법인|특허법인|노무법인)\s?(?:\(유\)\s?)?"
    r"[가-힣A-Za-z]{1,8}?(?=(?:은|는|이|가|을|를|의|와|과|에서|에|도|로|측)?(?![가-힣A-Za-z]))"
)
# a school's graduate school after it: '강원대 법학전문대학원'
_SCHOOL_PART = re.compile(r" [가-힣]{1,10}대학원(?![가-힣])")


def _bodies_of(entities: list[Entity], text: str) -> list[Entity]:
    """An organisation's generic body named right after it is one name with it, and so
    is the term before it ('제20기 중앙위원회'), a school's graduate school after it and
    a law firm's legal form before its name."""
    firms = [m.span() for m in _FIRM.finditer(text) if not m.group(0).endswith(("법인", " "))]
    entities = [e for e in entities if not any(a < e.end and e.start < b for a, b in firms)]
    entities = sorted(
        [*entities, *(Entity(a, b, text[a:b], "ORG") for a, b in firms)], key=lambda e: e.start
    )
    out: list[Entity] = []
    for e in entities:
        part = _SCHOOL_PART.match(text, e.end) if e.type == "ORG" else None
        if part and re.search(r"대(?:학교?)?$", e.text):
            e = Entity(e.start, part.end(), text[e.start : part.end()], "ORG")
        prev = out[-1] if out else None
        term = _BODY_TERM.search(text, max(0, e.start - 8), e.start) if e.type == "ORG" else None
        if term and _OWNED_BODY.match(e.text) and (prev is None or prev.end <= term.start()):
            e = Entity(term.start(), e.end, text[term.start() : e.end], "ORG")
        if (
            prev is not None
            and e.type == "ORG"
            and _OWNED_BODY.match(e.text)
            and (prev.type == "ORG" or (prev.type == "LOC" and e.text == "공산당"))
            and text[prev.end : e.start] == " "
        ):
            out[-1] = Entity(prev.start, e.end, text[prev.start : e.end], "ORG")
            continue
        out.append(e)
    return out


def _employers(entities: list[Entity], text: str) -> list[Entity]:
    """An unknown Latin name whose person is named next is an organisation: BTIG의 줄리안
    에마뉴엘 애널리스트, MDI의 Hermann Haller."""
    out = list(entities)
    for k in range(len(out) - 1):
        cur, nxt = out[k], out[k + 1]
        if cur.type == LATIN_GUESS and nxt.type == "PERSON" and text[cur.end : nxt.start] == "의 ":
            out[k] = Entity(cur.start, cur.end, cur.text, "ORG")
    return out


def _products_of_companies(entities: list[Entity], text: str) -> list[Entity]:
    """An unknown Latin name owned by a company is its product: 알리바바의 Hanguang(含光)."""
    names = typed_names()
    out = list(entities)
    for k in range(1, len(out)):
        prev, cur = out[k - 1], out[k]
        if (
            prev.type == "ORG"
            and cur.type in ("ORG", LATIN_GUESS)
            and cur.text.isascii()
            and " " not in cur.text
            and not cur.text.isupper()
            and cur.text not in names
            and _OF_ORG.search(text[prev.end : cur.start])
        ):
            out[k] = Entity(cur.start, cur.end, cur.text, "PRODUCT")
            # its bracketed original follows it
            if k + 1 < len(out) and text[cur.end : out[k + 1].start] == "(":
                nxt = out[k + 1]
                out[k + 1] = Entity(nxt.start, nxt.end, nxt.text, "PRODUCT")
    return out
