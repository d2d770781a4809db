"""The opinion-mapping engine: pure numpy and scipy, no Django.

It reproduces Polis's maths (see docs/opinions.md and shared/design/opinion-maths.md)
and goes beyond it with consensus across declared perspectives. Public names: `Votes`,
`analyse`, `Result`, `State`, `Group`, `Representative`, and for Polis's CSV exports
`PolisExport`, `Comment`, `read_polis_export`, `write_polis_export`, `ExportError`;
`adjusted_rand_index` compares two groupings.
"""

from .analyse import analyse
from .cluster import adjusted_rand_index
from .matrix import Votes
from .polis_io import Comment, ExportError, PolisExport, read_polis_export, write_polis_export
from .result import Group, Representative, Result, State

__all__ = [
    "Comment",
    "ExportError",
    "Group",
    "PolisExport",
    "Representative",
    "Result",
    "State",
    "Votes",
    "adjusted_rand_index",
    "analyse",
    "read_polis_export",
    "write_polis_export",
]
