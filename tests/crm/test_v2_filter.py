"""The generic v2 filter/order module on plain rows (no server involved: it is a pure function module)."""

from __future__ import annotations

import pytest

from b24local.schema import v2_filter as vf

ROWS = [
    {"ID": 1, "NAME": "Anna", "AGE": 30, "TAGS": [1, 2]},
    {"ID": 2, "NAME": "bob", "AGE": None, "TAGS": []},
    {"ID": 3, "NAME": "", "AGE": 25, "TAGS": [3]},
    {"ID": 4, "NAME": None, "AGE": 41, "TAGS": [2]},
]
FIELDS = {"ID", "NAME", "AGE", "TAGS"}


def run(flt):
    tree = vf.parse_filter(flt, lambda n: n.upper() if n.upper() in FIELDS else None, lambda f, op, v: v)
    return [r["ID"] for r in vf.filter_rows(ROWS, tree, lambda r, f: r[f])]


@pytest.mark.parametrize(
    "key,expected",
    [
        ("name", ("=", "name")),
        (">=age", (">=", "age")),
        ("!=%name", ("!=%", "name")),
        ("!%=name", ("!%=", "name")),
        ("!@id", ("!@", "id")),
        ("><age", ("><", "age")),
        ("!name", ("!", "name")),
        ("%=name", ("%=", "name")),
        ("=", ("=", "=")),
    ],
)
def test_split_key(key, expected):
    assert vf.split_key(key) == expected


@pytest.mark.parametrize(
    "flt,expected",
    [
        ({"name": "ANNA"}, [1]),
        ({"!name": "anna"}, [2, 3, 4]),
        ({"name": ""}, [3, 4]),
        ({"!=name": ""}, [1, 2]),
        ({">age": 25}, [1, 4]),
        ({"<age": 100}, [1, 3, 4]),
        ({"><age": [25, 30]}, [1, 3]),
        ({"!><age": [25, 30]}, [4]),
        ({"@id": [1, 3]}, [1, 3]),
        ({"!@id": [1, 3]}, [2, 4]),
        ({"%name": "NN"}, [1]),
        ({"=%name": "b%"}, [2]),
        ({"=%name": "_ob"}, [2]),
        ({"!%name": "o"}, [1, 3, 4]),
        ({"tags": 2}, [1, 4]),
        ({"@tags": [3, 9]}, [3]),
        ({"!tags": 2}, [2, 3]),
        ({"tags": []}, [2]),
        ({"0": {"logic": "OR", "0": {"id": 1}, "1": {"0": {"logic": "AND", ">age": 40, "<id": 9}}}}, [1, 4]),
        ({"logic": "or", "id": 2, "age": 25}, [2, 3]),
        ({}, [1, 2, 3, 4]),
    ],
)
def test_filters(flt, expected):
    assert run(flt) == expected


def test_errors():
    with pytest.raises(vf.FilterError) as info:
        vf.parse_filter({">nope": 1}, lambda n: None, lambda f, op, v: v, str.upper)
    assert (info.value.kind, info.value.name) == ("field", "NOPE")

    def bad(f, op, v):
        raise ValueError(v)

    with pytest.raises(vf.FilterError) as info:
        vf.parse_filter({"age": "x"}, lambda n: n, bad)
    assert info.value.kind == "value"
    with pytest.raises(vf.OrderError) as order_info:
        vf.parse_order({"age": "sideways"}, lambda n: n)
    assert (order_info.value.kind, order_info.value.value) == ("direction", "sideways")


def test_sort_nulls_first_ascending():
    order = vf.parse_order({"age": "asc"}, lambda n: n.upper())
    assert [r["ID"] for r in vf.sort_rows(ROWS, order, lambda r, f: r[f])] == [2, 3, 1, 4]
    order = vf.parse_order({"AGE": "DESC"}, lambda n: n.upper())
    assert [r["ID"] for r in vf.sort_rows(ROWS, order, lambda r, f: r[f])] == [4, 1, 3, 2]
    order = vf.parse_order({"name": "ASC", "id": "DESC"}, lambda n: n.upper())
    assert [r["ID"] for r in vf.sort_rows(ROWS, order, lambda r, f: r[f])] == [4, 3, 1, 2]
