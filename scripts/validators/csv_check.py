"""Checks a Portolan CSV export: the header, and the same number of cells on each row.

usage: python3 csv_check.py FILE.csv
"""
import csv
import sys

COLUMNS = [
    "firewall", "source_zone", "source", "source_address", "destination_zone",
    "destination", "destination_address", "protocol", "ports", "service", "purpose",
    "requirement", "reference", "risk",
]


def main(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != COLUMNS:
        sys.exit(f"{path}: the header is not the matrix's columns: {rows[:1]}")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            sys.exit(f"{path}: line {n} has {len(row)} cells instead of {len(COLUMNS)}")
        if row[7] not in ("TCP", "UDP", "ICMP", "ICMPv6"):
            sys.exit(f"{path}: line {n}: unknown protocol {row[7]!r}")
        if row[13] not in ("", "high", "medium", "low"):
            sys.exit(f"{path}: line {n}: unknown risk {row[13]!r}")
    print(f"{path}: {len(rows) - 1} rules")


if __name__ == "__main__":
    main(sys.argv[1])
