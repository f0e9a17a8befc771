"""The exporter contract, -O option parsing and the entry-point registry."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest

import confexport
from confexport import exporter
from confexport.cli import main
from confexport.context import ExportContext
from confexport.errors import OptionsError, PluginError
from confexport.model import Conference
from tests.conftest import FIXTURES, SAMPLE


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

    def export(self, conference: Conference, options: Any, context: ExportContext) -> bytes:
        return conference.title.encode()


class FirstContract:
    """An exporter written to the first contract: no context, by signature."""

    name = "first"
    extension = ".txt"
    media_type = "text/plain"
    description = "the first contract"

    def export(self, conference: Conference, options: Any) -> bytes:
        return f"{conference.title}: {len(conference.talks)}".encode()

    def export_combined(
        self, conferences: Sequence[Conference], options: Any, *, stem: str, title: str
    ) -> bytes:
        return f"{title} ({stem}): {len(conferences)}".encode()


#: The processes in which :class:`WarmingUp` was warmed up.
WARMED: list[int] = []


class WarmingUp:
    """Says whether its export ran in a process where its ``warm_up`` had run."""

    name = "warming"
    extension = ".warm"
    media_type = "text/plain"
    description = "warmed up"
    cost: ClassVar[int] = 50

    @classmethod
    def warm_up(cls) -> None:
        WARMED.append(os.getpid())

    def export(self, conference: Conference, options: Any, context: ExportContext) -> bytes:
        return b"warm" if os.getpid() in WARMED else b"cold"


class FailingWarmUp:
    name = "failingwarm"
    extension = ".failing"
    media_type = "text/plain"
    description = "its warm-up fails"

    @classmethod
    def warm_up(cls) -> None:
        raise RuntimeError("no fonts here")

    def export(self, conference: Conference, options: Any, context: ExportContext) -> bytes:
        return b"exported all the same"


class TooFewArguments:
    name = "few"
    extension = ".x"
    media_type = "text/plain"
    description = "export takes only the conference"

    def export(self, conference: Conference) -> bytes:
        return b""


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
    assert exporter.contract_problems(FirstContract) == []
    assert exporter.contract_problems(NoExport) == ["missing method 'export'"]
    assert exporter.contract_problems(TooFewArguments) == [
        "'export' must take (conference, options, context)"
    ]
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


def test_an_exporter_of_the_first_contract_runs_through_an_adapter(
    monkeypatch: pytest.MonkeyPatch, sample: Conference, caplog: pytest.LogCaptureFixture
) -> None:
    _fake_points(
        monkeypatch, [EntryPoint("first", "tests.test_exporter:FirstContract", exporter.GROUP)]
    )
    with caplog.at_level(logging.INFO, logger="confexport"):
        cls = exporter.load_exporter("first")
        again = exporter.load_exporter("first")
    assert issubclass(cls, FirstContract) and cls is not FirstContract and again is cls
    assert caplog.text.count("first contract, export(conference, options)") == 1
    context = ExportContext.of([sample])
    assert cls().export(sample, None, context) == f"{sample.title}: 18".encode()
    assert exporter.can_combine(cls)
    book = cls().export_combined([sample, sample], None, context, stem="s", title="Both")
    assert book == b"Both (s): 2"
    assert exporter.export_cost(cls) == 0  # no cost attribute: the cheapest
    assert confexport.export(sample, "first") == f"{sample.title}: 18".encode()


def test_a_current_exporter_is_loaded_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_points(
        monkeypatch, [EntryPoint("fake", "tests.test_exporter:FakeExporter", exporter.GROUP)]
    )
    assert exporter.load_exporter("fake") is FakeExporter
    assert not exporter.can_combine(FakeExporter)


def _example_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example plugin of tests/fixtures (the README's), as if it were installed."""
    monkeypatch.syspath_prepend(str(FIXTURES / "example-exporter"))
    _fake_points(
        monkeypatch,
        [
            EntryPoint("talklist", "confexport_example:TalkListExporter", exporter.GROUP),
            EntryPoint(
                "talklist1",
                "confexport_example.first_contract:FirstContractTalkList",
                exporter.GROUP,
            ),
        ],
    )


@pytest.mark.parametrize("fmt", ["talklist", "talklist1"])
def test_the_example_plugins_build_with_shared_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Both contracts build from the command line, and -O attended_only=true (applied by
    the build, not by the plugin) leaves out the sessions not attended."""
    _example_points(monkeypatch)
    every, attended = tmp_path / "every", tmp_path / "attended"
    assert main(["build", str(SAMPLE), "-t", fmt, "-o", str(every), "-q"]) == 0
    flags = ["-O", "attended_only=true", "-o", str(attended), "-q"]
    assert main(["build", str(SAMPLE), "-t", fmt, *flags]) == 0
    full = (every / "pycascades-2022.txt").read_text(encoding="utf-8")
    only = (attended / "pycascades-2022.txt").read_text(encoding="utf-8")
    assert "16:30  Tests as Classifiers (Moshe Zadka)" in full
    assert "Literature Text Translation" in full and "Literature Text Translation" not in only
    assert len(only.splitlines()) == len(full.splitlines()) - 1


def test_the_example_plugin_warns_through_its_context(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _example_points(monkeypatch)
    assert main(["build", str(SAMPLE), "-t", "talklist", "-o", str(tmp_path)]) == 0
    warnings = capsys.readouterr().err
    assert "pycascades-2022.md:" in warnings and "names no speaker" in warnings
    strict = ["build", str(SAMPLE), "-t", "talklist", "-o", str(tmp_path), "--strict"]
    assert main(strict) == 3


def test_the_costliest_export_runs_warmed_up_and_a_failing_warm_up_is_no_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two formats run in the build's two workers: the first worker checks the options
    and warms the costliest format up while the notes are read, then takes its export;
    alone, the format whose warm-up fails is the costliest, and exports all the same."""
    _fake_points(
        monkeypatch,
        [
            EntryPoint("warming", "tests.test_exporter:WarmingUp", exporter.GROUP),
            EntryPoint("failingwarm", "tests.test_exporter:FailingWarmUp", exporter.GROUP),
        ],
    )
    assert main(["build", str(SAMPLE), "-t", "failingwarm,warming", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "pycascades-2022.warm").read_bytes() == b"warm"
    assert (tmp_path / "pycascades-2022.failing").read_bytes() == b"exported all the same"
    alone = tmp_path / "alone"
    assert main(["build", str(SAMPLE), "-t", "failingwarm", "-o", str(alone)]) == 0
    assert (alone / "pycascades-2022.failing").read_bytes() == b"exported all the same"
