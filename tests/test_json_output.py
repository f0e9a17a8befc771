"""The model's JSON: the fast writer writes what the standard library's would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from confexport.errors import ConfexportError
from confexport.exporters.json import conference_to_dict, dumps
from confexport.reader import read_text
from tests.strategies import NOTES_WITH_METADATA as NOTES

#: The values the model holds: text of any kind, small numbers, flags, nulls, nesting.
SCALARS = st.one_of(st.text(), st.integers(-(2**53), 2**53), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def standard(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@given(st.dictionaries(st.text(), VALUES, max_size=6))
def test_any_model_shaped_data_is_written_as_the_standard_library_writes_it(
    data: dict[str, Any],
) -> None:
    assert dumps(data) == standard(data)


@given(NOTES)
def test_any_notes_model_is_written_as_the_standard_library_writes_it(text: str) -> None:
    try:
        data = conference_to_dict(read_text(text))
    except ConfexportError:  # notes the reader refuses: the reader's tests cover those
        return
    assert dumps(data) == standard(data)


def test_text_that_is_not_unicode_scalars_falls_back_to_the_standard_library() -> None:
    data = {"title": "lone \ud800 surrogate"}
    assert dumps(data) == standard(data)
