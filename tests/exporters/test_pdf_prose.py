"""The PDF renders the shared prose tree: raw HTML as text, and the tree left as it was."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.exporters.test_pdf import build, notes, pdftotext

from confexport import prose
from confexport.exporters.pdf.markdown import MarkdownFlowables
from confexport.exporters.pdf.style import load_style_sheet

WriteNotes = Callable[..., Path]

#: Every construct the PDF renders, and those that look inside another (a task box
#: printed as its item's marker, an image in a link, a table cell's code).
EVERY_CONSTRUCT = """\
# Heading

Some *em*, **strong**, ~~struck~~, ==marked==, `code`, a [link](https://example.org)
and a hard\\
break, an image ![alt *text*](pictures/a.png "title") in the line.

- [ ] a task to do
- [x] a task done
  1. nested, numbered
     > quoted in a list

| left | right |
|:-----|------:|
| `x`  | [![img](b.png)](https://example.org) |

```python
print("fenced")
```

    indented

---

<div>raw html</div>
"""


def _snapshot(node: prose.Node) -> list[dict[str, Any]]:
    """Everything the tree's tokens hold, children included (a copy)."""
    return copy.deepcopy([token.as_dict() for token in node.to_tokens()])


def test_rendering_never_changes_the_shared_prose_tree() -> None:
    tree = prose.tree(EVERY_CONSTRUCT)
    before = _snapshot(tree)
    rendered = MarkdownFlowables(load_style_sheet(), lambda *args: []).render(
        EVERY_CONSTRUCT, 400.0
    )
    assert len(rendered) >= 8
    assert prose.tree(EVERY_CONSTRUCT) is tree
    assert _snapshot(tree) == before


def test_a_raw_html_block_is_text_inside_its_paragraph(write_notes: WriteNotes) -> None:
    # The PDF once parsed raw HTML as HTML, and printed an HTML block as a code box of
    # its own; like every other format it now reads it as words of the paragraph.
    text = "# Conf\n\n## Talk\n\nIt reads\n<div>raw html</div>\nas words.\n"
    lines = pdftotext(build(notes(write_notes, text))).splitlines()
    assert "It reads <div>raw html</div> as words." in lines
