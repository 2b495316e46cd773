"""Read the text of a PDF that WeasyPrint wrote, without a PDF library: inflate its streams, read the
fonts' ToUnicode maps and decode the text operators. Enough to check what a report says."""

from __future__ import annotations

import re
import zlib

STREAM = re.compile(rb"(?<!end)stream\r?\n")
BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
TEXT_BLOCK = re.compile(rb"BT(.*?)ET", re.S)
HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def pdf_streams(data: bytes) -> list[bytes]:
    """Every stream's content, inflated where it is compressed. A compressed stream is read up to where its
    compressed data ends, not up to the next ``endstream``: data that happens to end in a carriage return
    (one stream in 256) would otherwise lose that byte to the line break before ``endstream``."""
    out, position, view = [], 0, memoryview(data)
    while match := STREAM.search(data, position):
        start = match.end()
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(view[start:])
        except zlib.error:
            content = None
        if content is not None and inflater.eof:
            out.append(content)
            position = len(data) - len(inflater.unused_data)
        else:
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
            out.append(data[start:end].removesuffix(b"\n").removesuffix(b"\r"))
            position = end
    return out


def _unicode_map(streams: list[bytes]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for stream in streams:
        if b"begincmap" not in stream:
            continue
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
            for start, end, first in BFRANGE.findall(block):
                base = int(first, 16)
                for offset, gid in enumerate(range(int(start, 16), int(end, 16) + 1)):
                    mapping.setdefault(gid, chr(base + offset))
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for gid, text in BFCHAR.findall(block):
                mapping.setdefault(int(gid, 16), bytes.fromhex(text.decode()).decode("utf-16-be", "replace"))
    return mapping


def pdf_text(data: bytes) -> str:
    streams = pdf_streams(data)
    mapping = _unicode_map(streams)
    lines = []
    for stream in streams:
        for block in TEXT_BLOCK.findall(stream):
            chars = []
            for hexa in HEX.findall(block):
                for i in range(0, len(hexa), 4):
                    chars.append(mapping.get(int(hexa[i : i + 4], 16), "?"))
            if chars:
                lines.append("".join(chars))
    return "\n".join(lines)


def page_count(data: bytes) -> int:
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for s in pdf_streams(data) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", s)]
    return max(counts, default=0)
