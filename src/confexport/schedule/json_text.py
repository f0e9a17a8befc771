"""Schedule JSON bytes to a document, with one clear error for each way it can be bad."""

from __future__ import annotations

import json
from typing import Any

from confexport.schedule.types import ScheduleError


def load_json(data: bytes, where: str) -> Any:
    """The parsed document; bad UTF-8, bad JSON or too deep a nesting is a
    :class:`ScheduleError` naming the file (and the line, where JSON gives one)."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ScheduleError(f"unreadable schedule JSON: {exc}", where) from None
    except json.JSONDecodeError as exc:
        problem = f"unreadable schedule JSON: {exc.msg}"
        raise ScheduleError(problem, f"{where}:{exc.lineno}") from None
    except RecursionError:  # json's own bound on nesting, about 1,000 levels
        raise ScheduleError(
            "unreadable schedule JSON: nested too deep (a schedule nests some 6 levels)", where
        ) from None
