"""Checks a PNG diagram export with Pillow: it decodes whole, has the size of the SVG of
the same plan at the scale asked for, and is not blank (several colours).

    python png_check.py FILE.png FILE.svg SCALE
"""
import sys
import xml.etree.ElementTree as ET

from PIL import Image

Image.MAX_IMAGE_PIXELS = None  # the export bounds it (100 million pixels)


def main(png_path, svg_path, scale):
    root = ET.parse(svg_path).getroot()
    want = tuple(round(float(root.get(a)) * float(scale)) for a in ("width", "height"))
    with Image.open(png_path) as image:
        image.verify()
    with Image.open(png_path) as image:
        if image.format != "PNG":
            sys.exit(f"{png_path}: {image.format}, not PNG")
        if image.size != want:
            sys.exit(f"{png_path}: {image.size[0]}x{image.size[1]} pixels, the SVG says {want[0]}x{want[1]}")
        image.load()
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
        if colours is not None and len(colours) < 3:
            sys.exit(f"{png_path}: blank ({len(colours)} colours)")
    print(f"{png_path}: {want[0]}x{want[1]} pixels, decoded, not blank")


if __name__ == "__main__":
    main(*sys.argv[1:4])
