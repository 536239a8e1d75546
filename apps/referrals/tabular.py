"""Read referral rows from CSV or XLSX files (the import batch format)."""

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

# The csv module refuses cells over 131,072 characters with an error that would end the
# import without a row or column. Read any cell the file holds (it is already in memory);
# validation then rejects an over-long value for its field, by row and column.
CSV_FIELD_SIZE_LIMIT = 2**31 - 1


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX we can read; the message says why."""


def _clean_header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _clean_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        # Excel dates arrive as datetimes: keep the date only.
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def read_rows(path: Path | str, *, max_rows: int) -> list[tuple[int, dict]]:
    """(spreadsheet row number, row) pairs keyed by lower-cased column name; blank rows dropped."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile("The CSV file must be saved as UTF-8") from error
        csv.field_size_limit(CSV_FIELD_SIZE_LIMIT)
        try:
            table = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise UnreadableFile(f"The CSV file could not be read: {error}") from error
    elif suffix == ".xlsx":
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a corrupt file
            raise UnreadableFile(
                "The Excel file could not be read: is it a real .xlsx file?"
            ) from error
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        raise UnreadableFile("The file must be a CSV or XLSX file")
    if not table:
        raise UnreadableFile("The file is empty")
    headers = [_clean_header(cell) for cell in table[0]]
    if "source_reference" not in headers:
        raise UnreadableFile("The first row must hold the column names, including source_reference")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = [_clean_cell(value) for value in values]
        if not any(cells):
            continue
        values_by_column = {
            header: cells[i] if i < len(cells) else "" for i, header in enumerate(headers) if header
        }
        rows.append((number, values_by_column))
    if len(rows) > max_rows:
        raise UnreadableFile(
            f"The file has {len(rows)} rows: the most one batch may have is {max_rows}"
        )
    return rows
