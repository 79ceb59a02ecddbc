"""CSV files the portal writes, safe to open in a spreadsheet (one writer for every export).

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula, so a name such as
``=HYPERLINK("https://evil.example", "Click")`` typed into the portal would run in a
curator's spreadsheet. As OWASP recommends ("CSV Injection"), such a cell is written with a
single quote in front, which spreadsheets show as text; the csv module quotes the rest.
Plain numbers (a longitude of -2.97) are left as they are: they cannot be formulas.
"""

import csv
import re

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value):
    """``value`` as a spreadsheet will read it as text, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def read_cell(value):
    """The value a cell written by ``safe_cell`` stood for (for importing our own CSV)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _Echo:
    """A file-like object that hands back what is written, for streaming."""

    def write(self, value):
        return value


def csv_response(*, filename, columns, rows):
    """A streamed CSV download: a header of ``columns``, then each dict in ``rows``."""
    writer = csv.DictWriter(_Echo(), fieldnames=columns)

    def lines():
        yield writer.writeheader()
        for row in rows:
            yield writer.writerow({key: safe_cell(value) for key, value in row.items()})

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
