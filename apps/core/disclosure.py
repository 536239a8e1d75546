"""Disclosure control: the one place that decides which counts may leave the service (ADR 0030).

Every report, page, export and API answer that publishes a count of people or records goes
through here. The rules, after the GOV.UK statistics guidance on symbols and the ONS
disclosure-control practice:

- **Primary suppression.** A count from 1 to `threshold - 1` (1–4 by default,
  `settings.SMALL_NUMBER_SUPPRESSION_THRESHOLD`) is never shown. Zero may be shown.
- **Secondary suppression.** Nothing withheld may be worked out from what is shown. A table
  with margins is a set of equations (each row adds up to its total, each column to its
  total, the totals to the grand total): a line with exactly one withheld entry gives it
  away by subtraction, so the next-smallest entry of that line is withheld too (the total,
  when nothing else is left). Adding up several lines can still isolate a withheld cell (a
  "bridge" between two blocks of withheld cells), so such a cell is tied into a cycle by
  withholding one more cell across the two blocks. The result: every withheld entry can
  take more than one value consistent with everything shown.
- **Rounding** (optional): shown values rounded to a base (5 by default when asked), for
  publications that round as well as suppress.

A withheld entry is the `SUPPRESSED` marker, shown as "[c]" (the GOV.UK symbol for
"confidential") with `NOTE` under the table.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from django.conf import settings

DEFAULT_THRESHOLD: Final = 5
SYMBOL: Final = "[c]"
NOTE: Final = (
    "[c] means the number is fewer than {threshold}, or is withheld so that a number fewer "
    "than {threshold} cannot be worked out from the totals. Zero is shown as 0."
)


class _Suppressed:
    """The marker for a withheld count (one instance: `SUPPRESSED`)."""

    _instance: _Suppressed | None = None

    def __new__(cls) -> _Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return SYMBOL

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __bool__(self) -> bool:
        return False


SUPPRESSED: Final = _Suppressed()
Cell = int | _Suppressed


def threshold() -> int:
    """The smallest count that may be shown (besides zero)."""
    return int(getattr(settings, "SMALL_NUMBER_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def note(limit: int | None = None) -> str:
    return NOTE.format(threshold=limit or threshold())


def is_small(count: int, limit: int) -> bool:
    """A count primary suppression withholds: 1 to limit - 1 (zero may be shown)."""
    return 0 < count < limit


def display(cell: Cell) -> str:
    """A cell as text: the number, or "[c]"."""
    return SYMBOL if cell is SUPPRESSED else str(cell)


def _rounded(value: int, base: int | None) -> int:
    if not base:
        return value
    return int(base * round(value / base))


@dataclass(frozen=True)
class SuppressedSeries:
    """A one-way table (labels and counts) with its total, safe to publish."""

    labels: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: Cell
    threshold: int

    @property
    def rows(self) -> list[tuple[str, Cell]]:
        return list(zip(self.labels, self.cells, strict=True))

    @property
    def note(self) -> str:
        return note(self.threshold)

    @property
    def any_suppressed(self) -> bool:
        return SUPPRESSED in self.cells or self.total is SUPPRESSED


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table with row totals, column totals and a grand total, safe to publish."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    col_totals: tuple[Cell, ...]
    total: Cell
    threshold: int

    def cell(self, row: str, col: str) -> Cell:
        return self.cells[self.rows.index(row)][self.cols.index(col)]

    @property
    def body(self) -> list[tuple[str, tuple[Cell, ...], Cell]]:
        """Each row's label, cells and total, for templates and exports."""
        return list(zip(self.rows, self.cells, self.row_totals, strict=True))

    @property
    def note(self) -> str:
        return note(self.threshold)

    @property
    def any_suppressed(self) -> bool:
        entries = [*self.row_totals, *self.col_totals, self.total]
        return SUPPRESSED in entries or any(SUPPRESSED in row for row in self.cells)


def suppress_count(count: int, *, limit: int | None = None) -> Cell:
    """One count on its own (no totals to protect): primary suppression only."""
    limit = limit or threshold()
    return SUPPRESSED if is_small(count, limit) else count


def suppress_series(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    limit: int | None = None,
    round_to: int | None = None,
) -> SuppressedSeries:
    """A one-way table whose counts add up to the total shown beneath them.

    A single withheld entry could be worked out from the total, so the next-smallest
    non-zero count is withheld with it (or the total, if nothing else is left).
    """
    limit = limit or threshold()
    if len(labels) != len(counts):
        raise ValueError("Every label needs one count.")
    values = [_check_count(count) for count in counts]
    entries = [*values, sum(values)]  # the last entry is the total
    hidden = {index for index, value in enumerate(entries) if is_small(value, limit)}
    if len(hidden) == 1:
        hidden.add(_next_smallest(entries, hidden, candidates=range(len(entries)), last=True))
    shown = [
        SUPPRESSED if index in hidden else _rounded(value, round_to)
        for index, value in enumerate(entries)
    ]
    return SuppressedSeries(
        labels=tuple(labels), cells=tuple(shown[:-1]), total=shown[-1], threshold=limit
    )


def suppress_table(
    rows: Sequence[str],
    cols: Sequence[str],
    counts: Mapping[tuple[Hashable, Hashable], int] | Sequence[Sequence[int]],
    *,
    limit: int | None = None,
    round_to: int | None = None,
) -> SuppressedTable:
    """A two-way table with all its margins, suppressed so no withheld entry can be recovered.

    `counts` is a grid (a list of rows) or a mapping `{(row, col): count}` (missing pairs are
    zero). Row totals, column totals and the grand total are computed here, never trusted
    from the caller, so they always add up.
    """
    limit = limit or threshold()
    grid = _grid(rows, cols, counts)
    n_rows, n_cols = len(rows), len(cols)
    # The full table: rows 0..n_rows-1 and the totals row n_rows; columns likewise.
    full = [[*row, sum(row)] for row in grid]
    full.append([sum(full[r][c] for r in range(n_rows)) for c in range(n_cols + 1)])
    hidden = {
        (r, c) for r in range(n_rows + 1) for c in range(n_cols + 1) if is_small(full[r][c], limit)
    }
    _protect(full, hidden)
    shown = [
        [
            SUPPRESSED if (r, c) in hidden else _rounded(full[r][c], round_to)
            for c in range(n_cols + 1)
        ]
        for r in range(n_rows + 1)
    ]
    return SuppressedTable(
        rows=tuple(rows),
        cols=tuple(cols),
        cells=tuple(tuple(shown[r][:n_cols]) for r in range(n_rows)),
        row_totals=tuple(shown[r][n_cols] for r in range(n_rows)),
        col_totals=tuple(shown[n_rows][:n_cols]),
        total=shown[n_rows][n_cols],
        threshold=limit,
    )


def _check_count(count: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"A count must be a whole number, 0 or more (got {count!r}).")
    return count


def _grid(rows, cols, counts) -> list[list[int]]:
    if isinstance(counts, Mapping):
        unknown = {key for key in counts if key[0] not in rows or key[1] not in cols}
        if unknown:
            raise ValueError(f"Counts for rows or columns not in the table: {sorted(unknown)!r}")
        return [[_check_count(counts.get((row, col), 0)) for col in cols] for row in rows]
    grid = [[_check_count(count) for count in row] for row in counts]
    if len(grid) != len(rows) or any(len(row) != len(cols) for row in grid):
        raise ValueError("The grid must have one row per row label and one count per column.")
    return grid


def _next_smallest(values, hidden, *, candidates, last: bool) -> int:
    """The index to withhold next: the smallest non-zero shown value that is not the total
    (zeros only if nothing else is left; the total, at index -1 of `candidates`, last)."""
    candidates = list(candidates)
    total_index = candidates[-1] if last else None
    open_ = [index for index in candidates if index not in hidden and index != total_index]
    non_zero = [index for index in open_ if values[index] > 0]
    pool = non_zero or open_
    if pool:
        return min(pool, key=lambda index: (values[index], index))
    return total_index


def _protect(full: list[list[int]], hidden: set[tuple[int, int]]) -> None:
    """Add secondary suppressions until no withheld entry is determined by the margins."""
    n_rows, n_cols = len(full) - 1, len(full[0]) - 1
    while True:
        if _fix_lines(full, hidden, n_rows, n_cols):
            continue
        bridge = _find_bridge(hidden, n_rows, n_cols)
        if bridge is None:
            return
        hidden.add(_tie_bridge(full, hidden, bridge, n_rows, n_cols))


def _fix_lines(full, hidden, n_rows: int, n_cols: int) -> bool:
    """Withhold one more entry on the first line (row or column, with its total) that has
    exactly one withheld entry. True if anything changed."""
    for r in range(n_rows + 1):
        line = [(r, c) for c in range(n_cols + 1)]
        if sum(1 for key in line if key in hidden) == 1:
            values = {key: full[key[0]][key[1]] for key in line}
            hidden.add(_pick(values, hidden, line))
            return True
    for c in range(n_cols + 1):
        line = [(r, c) for r in range(n_rows + 1)]
        if sum(1 for key in line if key in hidden) == 1:
            values = {key: full[key[0]][key[1]] for key in line}
            hidden.add(_pick(values, hidden, line))
            return True
    return False


def _pick(values: dict, hidden: set, line: list) -> tuple[int, int]:
    """On a line (the last entry is its total), the smallest non-zero shown cell, else a zero
    cell, else the total."""
    total = line[-1]
    open_ = [key for key in line[:-1] if key not in hidden]
    non_zero = [key for key in open_ if values[key] > 0]
    pool = non_zero or open_
    if pool:
        return min(pool, key=lambda key: (values[key], key))
    return total


def _nodes(key: tuple[int, int]) -> tuple[str, str]:
    """A table entry as an edge between its row and its column (the totals row and column
    are nodes too): each node's equation is 'its entries add up'."""
    return (f"r{key[0]}", f"c{key[1]}")


def _find_bridge(hidden: set, n_rows: int, n_cols: int) -> tuple[int, int] | None:
    """A withheld entry on no cycle of withheld entries: adding up the equations on one side
    of it gives it away. None when there is none."""
    for key in sorted(hidden):
        others = hidden - {key}
        start, goal = _nodes(key)
        if not _connected(others, start, goal):
            return key
    return None


def _connected(edges: set, start: str, goal: str) -> bool:
    adjacency: dict[str, list[str]] = {}
    for key in edges:
        a, b = _nodes(key)
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for neighbour in adjacency.get(node, []):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return False


def _component(edges: set, start: str) -> set[str]:
    adjacency: dict[str, list[str]] = {}
    for key in edges:
        a, b = _nodes(key)
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    seen, stack = {start}, [start]
    while stack:
        for neighbour in adjacency.get(stack.pop(), []):
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def _tie_bridge(full, hidden: set, bridge: tuple[int, int], n_rows: int, n_cols: int):
    """The smallest shown entry joining the two sides of the bridge (preferring a non-zero
    cell over a zero, and a cell over a total), which puts the bridge on a cycle."""
    others = hidden - {bridge}
    row_node, col_node = _nodes(bridge)
    side_a = _component(others, row_node)
    side_b = _component(others, col_node)
    candidates = [
        (r, c)
        for r in range(n_rows + 1)
        for c in range(n_cols + 1)
        if (r, c) not in hidden
        and ((f"r{r}" in side_a and f"c{c}" in side_b) or (f"r{r}" in side_b and f"c{c}" in side_a))
    ]
    if not candidates:  # cannot happen once every line has two withheld entries; be safe
        candidates = [
            (r, c) for r in range(n_rows + 1) for c in range(n_cols + 1) if (r, c) not in hidden
        ]

    def cost(key):
        value = full[key[0]][key[1]]
        is_margin = key[0] == n_rows or key[1] == n_cols
        return (is_margin, value == 0, value, key)

    return min(candidates, key=cost)
