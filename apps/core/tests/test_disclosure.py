"""Disclosure control: nothing from 1 to 4 is shown, and nothing withheld can be worked out."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.core.disclosure import (
    SUPPRESSED,
    display,
    suppress_count,
    suppress_series,
    suppress_table,
)

small_or_not = st.one_of(st.integers(0, 6), st.integers(0, 60))


def grids(max_rows=5, max_cols=5):
    return st.integers(1, max_rows).flatmap(
        lambda n_rows: st.integers(1, max_cols).flatmap(
            lambda n_cols: st.lists(
                st.lists(small_or_not, min_size=n_cols, max_size=n_cols),
                min_size=n_rows,
                max_size=n_rows,
            )
        )
    )


def labels(n, prefix):
    return [f"{prefix}{index}" for index in range(n)]


def full_table(result):
    """The published table as a grid including the totals row and column."""
    rows = [[*cells, total] for cells, total in zip(result.cells, result.row_totals, strict=True)]
    rows.append([*result.col_totals, result.total])
    return rows


def true_full(grid):
    rows = [[*row, sum(row)] for row in grid]
    rows.append([sum(row[c] for row in rows) for c in range(len(grid[0]) + 1)])
    return rows


def determined_entries(shown):
    """Withheld entries whose value follows from everything shown: x is fixed by the
    equations (each row and column adds up to its total) iff removing its column from the
    system's matrix lowers the rank."""
    n_rows, n_cols = len(shown), len(shown[0])
    unknowns = [(r, c) for r in range(n_rows) for c in range(n_cols) if shown[r][c] is SUPPRESSED]
    if not unknowns:
        return []
    equations = []
    for r in range(n_rows):  # row r: cells - total = 0
        equations.append({(r, c): (1 if c < n_cols - 1 else -1) for c in range(n_cols)})
    for c in range(n_cols):
        equations.append({(r, c): (1 if r < n_rows - 1 else -1) for r in range(n_rows)})
    matrix = np.array([[eq.get(key, 0) for key in unknowns] for eq in equations], dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    determined = []
    for index, key in enumerate(unknowns):
        without = np.delete(matrix, index, axis=1)
        if np.linalg.matrix_rank(without) < rank:
            determined.append(key)
    return determined


@settings(max_examples=300, deadline=None)
@given(grids())
def test_no_displayed_cell_or_total_is_between_one_and_four(grid):
    result = suppress_table(labels(len(grid), "r"), labels(len(grid[0]), "c"), grid)
    for row in full_table(result):
        for entry in row:
            assert entry is SUPPRESSED or not 1 <= entry <= 4


@settings(max_examples=300, deadline=None)
@given(grids())
def test_shown_entries_are_the_true_counts(grid):
    result = suppress_table(labels(len(grid), "r"), labels(len(grid[0]), "c"), grid)
    for shown_row, true_row in zip(full_table(result), true_full(grid), strict=True):
        for shown, true in zip(shown_row, true_row, strict=True):
            assert shown is SUPPRESSED or shown == true


@settings(max_examples=300, deadline=None)
@given(grids())
def test_no_withheld_entry_can_be_recovered_by_subtraction_from_a_total(grid):
    result = suppress_table(labels(len(grid), "r"), labels(len(grid[0]), "c"), grid)
    shown = full_table(result)
    lines = [list(row) for row in shown] + [list(col) for col in zip(*shown, strict=True)]
    for line in lines:
        assert sum(1 for entry in line if entry is SUPPRESSED) != 1


@settings(max_examples=200, deadline=None)
@given(grids(4, 4))
def test_no_withheld_entry_can_be_recovered_by_combining_totals(grid):
    result = suppress_table(labels(len(grid), "r"), labels(len(grid[0]), "c"), grid)
    assert determined_entries(full_table(result)) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(small_or_not, min_size=1, max_size=8))
def test_a_series_never_shows_one_to_four_nor_a_single_withheld_entry(counts):
    result = suppress_series(labels(len(counts), "x"), counts)
    entries = [*result.cells, result.total]
    assert all(entry is SUPPRESSED or not 1 <= entry <= 4 for entry in entries)
    assert sum(1 for entry in entries if entry is SUPPRESSED) != 1


def test_a_hand_computed_table_withholds_the_small_cell_and_its_partners():
    # Rows A, B; columns X, Y. A/X = 3 is small; its row and column need a partner each.
    result = suppress_table(["A", "B"], ["X", "Y"], [[3, 10], [12, 20]])
    assert result.cell("A", "X") is SUPPRESSED
    assert result.cell("A", "Y") is SUPPRESSED  # next smallest in row A
    assert result.cell("B", "X") is SUPPRESSED  # next smallest in column X
    assert result.cell("B", "Y") is SUPPRESSED  # completes the cycle (column Y, row B)
    assert result.row_totals == (13, 32)
    assert result.col_totals == (15, 30)
    assert result.total == 45


def test_zero_is_shown_and_does_not_need_protecting():
    result = suppress_table(["A", "B"], ["X", "Y"], [[0, 10], [12, 20]])
    assert result.cells == ((0, 10), (12, 20))
    assert not result.any_suppressed


def test_a_small_total_is_withheld_with_the_cells_that_make_it():
    result = suppress_table(["A", "B"], ["X", "Y"], {("A", "X"): 2, ("A", "Y"): 1, ("B", "X"): 9})
    assert result.row_totals[0] is SUPPRESSED
    assert result.cell("A", "X") is SUPPRESSED
    assert result.cell("A", "Y") is SUPPRESSED


def test_a_series_withholds_the_next_smallest_count_with_a_single_small_one():
    result = suppress_series(["a", "b", "c"], [2, 7, 30])
    assert result.cells == (SUPPRESSED, SUPPRESSED, 30)
    assert result.total == 39


def test_a_series_whose_only_other_entry_is_the_total_withholds_the_total():
    result = suppress_series(["a", "b"], [3, 0])
    assert result.cells == (SUPPRESSED, 0)
    assert result.total is SUPPRESSED


def test_rounding_rounds_shown_counts_only():
    result = suppress_series(["a", "b", "c"], [12, 18, 7], round_to=5)
    assert result.cells == (10, 20, 5)
    assert result.total == 35


def test_the_threshold_comes_from_settings(settings):
    settings.SMALL_NUMBER_SUPPRESSION_THRESHOLD = 10
    assert suppress_count(7) is SUPPRESSED
    assert suppress_count(10) == 10
    assert suppress_count(0) == 0


def test_the_marker_is_shown_as_c_in_brackets():
    assert display(SUPPRESSED) == "[c]"
    assert str(SUPPRESSED) == "[c]"
    assert display(12) == "12"


@pytest.mark.parametrize("bad", [-1, 2.5, "3", True])
def test_a_count_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(ValueError, match="whole number"):
        suppress_series(["a"], [bad])


def test_a_grid_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="one row per row label"):
        suppress_table(["A", "B"], ["X"], [[1]])
