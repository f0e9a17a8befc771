"""The exporter contract, -O option parsing and the entry-point registry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from typing import Any, ClassVar, Literal

import pytest

import confexport
from confexport import exporter
from confexport.errors import OptionsError, PluginError
from confexport.model import Conference


@dataclass(frozen=True, slots=True)
class FakeOptions:
    paper: Literal["a4", "letter"] = "a4"
    reminders: bool = True
    duration: int = 30
    title: str | None = None


class FakeExporter:
    name: ClassVar[str] = "fake"
    extension: ClassVar[str] = ".fake"
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "a test double"
    Options: ClassVar[type] = FakeOptions

    def export(self, conference: Conference, options: Any) -> bytes:
        return conference.title.encode()


class NoExport:
    name = "noexport"
    extension = ".x"
    media_type = "text/plain"
    description = "lacks export"


def test_options_are_converted_by_field_type() -> None:
    options = exporter.parse_options(
        FakeExporter, {"paper": "letter", "reminders": "no", "duration": "45", "title": "none"}
    )
    assert options == FakeOptions(paper="letter", reminders=False, duration=45, title=None)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ({"paper": "a5"}, "accepts one of a4, letter"),
        ({"reminders": "maybe"}, "expected true or false"),
        ({"duration": "long"}, "expected a number"),
    ],
)
def test_bad_option_values(pairs: dict[str, str], message: str) -> None:
    with pytest.raises(OptionsError, match=message):
        exporter.parse_options(FakeExporter, pairs)


def test_contract_problems() -> None:
    assert exporter.contract_problems(FakeExporter) == []
    assert exporter.contract_problems(NoExport) == ["missing method 'export'"]
    assert "is not a class" in exporter.contract_problems(len)[0]


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """The registry is read once per process: read it anew around each test here."""
    exporter.registry.cache_clear()
    yield
    exporter.registry.cache_clear()


def _fake_points(monkeypatch: pytest.MonkeyPatch, points: list[EntryPoint]) -> None:
    monkeypatch.setattr(exporter, "entry_points", lambda group: points)
    exporter.registry.cache_clear()


def test_registry_reports_broken_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_points(
        monkeypatch,
        [
            EntryPoint("fake", "tests.test_exporter:FakeExporter", exporter.GROUP),
            EntryPoint("noexport", "tests.test_exporter:NoExport", exporter.GROUP),
            EntryPoint("gone", "no_such_module_here:Thing", exporter.GROUP),
        ],
    )
    assert exporter.load_exporter("fake") is FakeExporter
    with pytest.raises(PluginError, match=r"'noexport' .* is broken: missing method 'export'"):
        exporter.load_exporter("noexport")
    with pytest.raises(PluginError, match=r"'gone' .* failed to load: ModuleNotFoundError"):
        exporter.load_exporter("gone")
    with pytest.raises(OptionsError, match="unknown format 'pdfx'"):
        exporter.load_exporter("pdfx")


def test_builtin_json_is_registered_through_entry_points() -> None:
    info = exporter.registry()["json"]
    assert info.package == "confexport"
    assert info.load().extension == ".json"


def test_public_api_is_sorted_and_works(sample: Conference) -> None:
    assert confexport.__all__ == sorted(confexport.__all__)
    data = confexport.export(sample, "json")
    assert isinstance(data, bytes) and b'"PyCascades 2022"' in data
