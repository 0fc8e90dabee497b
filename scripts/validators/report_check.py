"""Checks an HTML design report: it parses as HTML5 without a single parse error
(html5lib, strict), fetches nothing (no src or stylesheet link; links only to itself),
has the diagram inline, and its firewall tables hold exactly the firewall rules of the
CSV export of the same plan, in order, cell for cell (ports, addresses, requirements).

    python report_check.py FILE.html FILE.csv
"""
import csv
import re
import sys

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def text(element):
    return "".join(element.itertext()).strip()


def ids(cell):
    return sorted(x for x in re.split(r"[,;]\s*", cell) if x)


def main(html_path, csv_path):
    with open(html_path, "rb") as f:
        parser = html5lib.HTMLParser(strict=True)
        try:
            root = parser.parse(f)
        except html5lib.html5parser.ParseError as e:
            sys.exit(f"{html_path}: HTML5 parse error: {e}")
    for element in root.iter():
        if element.get("src") or (element.tag == NS + "link" and element.get("href")):
            sys.exit(f"{html_path}: fetches {element.get('src') or element.get('href')}")
        href = element.get("href")
        if element.tag == NS + "a" and href and not href.startswith("#"):
            sys.exit(f"{html_path}: links out to {href}")
    if not any(e.tag == "{http://www.w3.org/2000/svg}svg" for e in root.iter()):
        sys.exit(f"{html_path}: no inline SVG diagram")
    got = []
    for section in root.iter(NS + "section"):
        if section.get("class") != "firewall":
            continue
        heading = text(section.find(NS + "h3"))
        name = re.sub(r"^Firewall (.*) — \d+ rules?$", r"\1", heading)
        for row in section.iter(NS + "tr"):
            cells = [text(c) for c in row.findall(NS + "td")]
            if cells:
                got.append([name] + cells[1:])
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        want = [r for r in list(csv.reader(f))[1:] if r[0]]
    if len(got) != len(want):
        sys.exit(f"{html_path}: {len(got)} rules in the firewall tables, the CSV has {len(want)}")
    for n, (a, b) in enumerate(zip(got, want), start=1):
        # The CSV guards cells a spreadsheet would read as a formula with a leading '.
        b = [c[1:] if c.startswith("'") else c for c in b]
        if a[:10] != b[:10] or ids(a[11]) != ids(b[11]):
            sys.exit(f"{html_path}: firewall rule {n} is {a[:10]}, the CSV says {b[:10]}")
    print(f"{html_path}: HTML5 without errors, all {len(want)} firewall rules as in the CSV")


if __name__ == "__main__":
    main(*sys.argv[1:3])
