#!/usr/bin/env python3
"""Build a lesson .md from its template: every {{file.c}} or {{file.c:A-B}}
(lines A..B, 1-based, inclusive) is replaced by that file's text, read from the
template's directory, so the C programs that `racecourse verify` runs and the
blocks in the lesson never drift apart.
usage: assemble.py TEMPLATE OUTPUT"""
import re
import sys
from pathlib import Path

template = Path(sys.argv[1])
out = Path(sys.argv[2])
base = template.parent


def include(m: re.Match) -> str:
    name, span = m.group(1), m.group(2)
    lines = (base / name).read_text().rstrip('\n').split('\n')
    if span:
        a, b = (int(x) for x in span.split('-'))
        lines = lines[a - 1:b]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return '\n'.join(lines)


text = re.sub(r'\{\{([\w.-]+\.c)(?::(\d+-\d+))?\}\}', include, template.read_text())
out.write_text(text)
print(f'{out}: {len(text.splitlines())} lines')
