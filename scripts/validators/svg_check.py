"""Checks an SVG diagram export: well-formed XML with an <svg> root that has a size and a
view box, text kept as text, and every firewall, source and destination of the CSV
export of the same plan named in a label or a tooltip (<title>). Rendering it is left to
a real renderer (scripts/validate-exports.sh runs rsvg-convert).

    python svg_check.py FILE.svg FILE.csv
"""
import csv
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main(svg_path, csv_path):
    root = ET.parse(svg_path).getroot()
    if root.tag != SVG + "svg":
        sys.exit(f"{svg_path}: the root element is {root.tag}, not svg")
    for attribute in ("width", "height", "viewBox"):
        if not root.get(attribute):
            sys.exit(f"{svg_path}: the svg element has no {attribute}")
    texts = set()
    count = 0
    for element in root.iter():
        if element.tag in (SVG + "text", SVG + "title") and element.text:
            texts.add(element.text)
            count += element.tag == SVG + "text"
    words = "\n".join(texts)
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))[1:]
    names = {r[0] for r in rows if r[0]} | {r[2] for r in rows} | {r[5] for r in rows}
    missing = sorted(n for n in names if n not in words)
    if missing:
        sys.exit(f"{svg_path}: not named in any label or tooltip: {missing[:10]}")
    print(f"{svg_path}: {count} text elements, all {len(names)} firewalls and nodes named")


if __name__ == "__main__":
    main(*sys.argv[1:3])
