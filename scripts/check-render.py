"""Checks that headless Chromium read a dacsim report whole.

Usage: check-render.py REPORT.html RENDERED.dom SCREENSHOT.png
- the report fetches nothing (no src or href to another file or host, no url() in styles);
- the page the browser built holds as many charts, tables and sections as the file;
- the screenshot is a PNG with content (not a blank page).
Only the standard library, so that it runs wherever Python does.
"""
import re
import struct
import sys
import zlib


def fail(message):
    print(f"FAILED: {sys.argv[1]}: {message}", file=sys.stderr)
    sys.exit(1)


html = open(sys.argv[1], encoding="utf-8").read()
dom = open(sys.argv[2], encoding="utf-8").read()

external = re.findall(r'\b(?:src|href)\s*=\s*"(?!#)[^"]*"', html) + re.findall(r"url\(", html)
if external:
    fail(f"refers to other resources: {external[:3]}")
if "Content-Security-Policy" not in html:
    fail("has no content security policy")

for tag in ["svg", "table", "section", "figure"]:
    in_file = len(re.findall(rf"<{tag}[\s>]", html))
    in_page = len(re.findall(rf"<{tag}[\s>]", dom))
    if in_page != in_file:
        fail(f"{in_file} <{tag}> in the file but {in_page} in the rendered page")
if len(re.findall(r"<svg[\s>]", dom)) == 0:
    fail("no chart in the rendered page")

png = open(sys.argv[3], "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n":
    fail("the screenshot is not a PNG")
width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
data = b""
position = 8
while position < len(png):
    length, kind = struct.unpack(">I4s", png[position:position + 8])
    if kind == b"IDAT":
        data += png[position + 8:position + 8 + length]
    position += 12 + length
pixels = zlib.decompress(data)
# Rows are filtered byte strings: a blank page is almost all one value; charts and text are not.
distinct = len(set(pixels[: min(len(pixels), 4_000_000)]))
if distinct < 32:
    fail(f"the screenshot ({width}x{height}) looks blank ({distinct} distinct byte values)")
