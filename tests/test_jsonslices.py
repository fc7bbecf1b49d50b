"""The database's sliced JSON parse gives what json.loads gives, errors included."""

import json

import pytest

from dsreader.jsonslices import loads

RECORD = {
    "article_id": "a1",
    "text": '따옴표 " 와 \\ 역슬래시',
    "label": None,
    "ids": [1, 2.5, True],
}
TABLES = {"_default": {str(i): dict(RECORD, start=i) for i in range(1, 60)}, "reviews": {}}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(TABLES, ensure_ascii=False),
        json.dumps(TABLES, indent=4),
        json.dumps(TABLES, separators=(",", ":")),
        "\ufeff" + json.dumps(TABLES),  # a byte-order mark
        '{"_default": {"1": {"x": 1}, "1": {"x": 2}}}',  # a repeated id: the last wins
        '{"_default": {}, "other": [1, 2]}',
        "  {}  ",
        "[1, 2]",
    ],
)
def test_the_same_result_as_json_loads(text):
    raw = text.encode("utf-8")
    assert loads(raw, every=7) == json.loads(raw)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{ this is not json",
        '{"_default": {"1": {}},}',
        '{"_default": {"1": {},}}',
        '{"_default" {}}',
        '{"_default": {}} and more',
        '{"_default": {"1": {"x": }}}',
    ],
)
def test_the_same_error_as_json_loads(text):
    with pytest.raises(ValueError) as plain:
        json.loads(text.encode("utf-8"))
    with pytest.raises(ValueError) as sliced:
        loads(text.encode("utf-8"))
    assert str(sliced.value) == str(plain.value)
