"""Exporters written to the first contract, ``export(conference, options)``: told
apart from today's by their signature when they are loaded, and run through an
adapter that takes the export context and leaves it out of the calls."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confexport.model import Conference

log = logging.getLogger("confexport")


def positional_count(method: Callable[..., Any]) -> int:
    """How many positional arguments ``method`` (as found on the class) takes, self
    included; many when it takes ``*args`` or its signature cannot be read."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return 99
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return 99
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(p.kind in kinds for p in parameters)


def takes_context(method: Callable[..., Any]) -> bool:
    """True when ``export`` (or ``export_combined``) takes the export context: it has a
    parameter named ``context``, or a third positional one after self."""
    try:
        if "context" in inspect.signature(method).parameters:
            return True
    except (TypeError, ValueError):
        return True
    return positional_count(method) >= 4


@functools.cache
def adapted(cls: type[Any], name: str, package: str) -> type[Any]:
    """The adapter of an exporter of the first contract, made (and said) once."""
    log.info(
        "exporter %r from package %r is written to the first contract, "
        "export(conference, options); it runs without an export context",
        name, package,
    )  # fmt: skip
    return first_contract_adapter(cls)


def first_contract_adapter(cls: type[Any]) -> type[Any]:
    """A subclass of ``cls`` (an exporter of the first contract: ``export(conference,
    options)``, ``export_combined(conferences, options, *, stem, title)``) that takes
    the export context and leaves it out of the calls."""

    def export(self: Any, conference: Conference, options: Any, context: Any = None) -> Any:
        output: Any = cls.export(self, conference, options)
        return output

    def export_combined(
        self: Any,
        conferences: Sequence[Conference],
        options: Any,
        context: Any = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> Any:
        output: Any = cls.export_combined(self, conferences, options, stem=stem, title=title)
        return output

    attributes: dict[str, Any] = {
        "export": export,
        "__doc__": cls.__doc__,
        "__module__": cls.__module__,
        "first_contract": True,
    }
    combined = getattr(cls, "export_combined", None)
    if callable(combined) and not takes_context(combined):
        attributes["export_combined"] = export_combined
    return type(cls.__name__, (cls,), attributes)
