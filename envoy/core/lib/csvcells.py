"""Cells of the CSV files Envoy writes for Excel, safe to open.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as
a formula when Excel opens the file (a contact called ``=HYPERLINK(…)``, a file named
``-1+1.txt``): it is written with an apostrophe before it, which Excel shows as text and
which ``unguarded`` takes away again when such a file is read back.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def unguarded(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    return cell
