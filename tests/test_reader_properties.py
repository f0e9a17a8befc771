"""Property tests: on any text the reader returns a model or a clear error, never crashes."""

from __future__ import annotations

from hypothesis import example, given

from confexport.errors import ConfexportError
from confexport.exporters.json import conference_to_json
from confexport.reader import read_text
from tests.strategies import HOSTILE_NOTES
from tests.strategies import NOTES_WITH_METADATA as NOTES


@given(NOTES)
@example(HOSTILE_NOTES[0])
@example(HOSTILE_NOTES[1])
@example(HOSTILE_NOTES[2])
@example(HOSTILE_NOTES[3])
@example(HOSTILE_NOTES[4])
def test_reader_never_crashes_and_is_deterministic(text: str) -> None:
    try:
        first = read_text(text)
    except ConfexportError as error:
        assert str(error)
        return
    assert first.talks
    assert len({talk.uid for talk in first.talks}) == len(first.talks)
    assert conference_to_json(first) == conference_to_json(read_text(text))
