"""Reads a Portolan XLSX export back with openpyxl and compares it with the CSV export of
the same plan: the same cells on *All rules*, the firewall sheets and *Host firewalls*
splitting them, every cell text, a frozen header, an autofilter, sized columns, and the
plan's name as the title.

usage: python xlsx_check.py FILE.xlsx FILE.csv PLAN_NAME
"""
import csv
import sys

import openpyxl

TAIL = ["Host firewalls", "Problems", "Review", "Sources"]


def fail(message):
    sys.exit(f"FAIL: {message}")


def rows_of(sheet):
    out = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            if cell.value is not None and not isinstance(cell.value, str):
                fail(f"{sheet.title}!{cell.coordinate} is {type(cell.value).__name__}, not text")
            cells.append(cell.value or "")
        out.append(cells)
    return out


def main(xlsx_path, csv_path, plan_name):
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        want = [row for row in csv.reader(f)]
    book = openpyxl.load_workbook(xlsx_path)
    names = book.sheetnames
    if names[0] != "All rules" or names[-4:] != TAIL:
        fail(f"sheets {names}")
    if (book.properties.title or "") != (plan_name or "Firewall rules"):
        fail(f"title {book.properties.title!r}, expected {plan_name!r}")
    all_rules = rows_of(book["All rules"])
    if all_rules != want:
        for n, (a, b) in enumerate(zip(all_rules, want), start=1):
            if a != b:
                fail(f"All rules row {n}: {a} != CSV {b}")
        fail(f"All rules has {len(all_rules)} rows, the CSV {len(want)}")
    joined = [want[0]]
    for name in names[1:-3]:
        sheet = book[name]
        if sheet.freeze_panes != "A2":
            fail(f"{name}: header not frozen ({sheet.freeze_panes})")
        if not sheet.auto_filter.ref:
            fail(f"{name}: no autofilter")
        rows = rows_of(sheet)
        if rows[0] != want[0]:
            fail(f"{name}: header {rows[0]}")
        joined.extend(rows[1:])
    if joined != want:
        fail("the firewall sheets and Host firewalls do not split All rules in order")
    widths = [d.width for d in book["All rules"].column_dimensions.values()]
    if not widths or not all(w and w > 0 for w in widths):
        fail("columns are not sized")
    for name in names[-3:]:
        if len(rows_of(book[name])) < 1:
            fail(f"{name} is empty")
    print(f"{xlsx_path}: {len(names)} sheets, {len(want) - 1} rules, same cells as the CSV")


if __name__ == "__main__":
    main(*sys.argv[1:4])
