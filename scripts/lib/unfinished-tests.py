#!/usr/bin/env python3
"""Reads the console output of `swift test` (Swift Testing) and prints the tests and suites
that started and never ended: the names to look at when the suite stalls."""
import re
import sys

started, ended = [], set()
pattern = re.compile(r"^\S+ (Test|Suite) (.+?) (started\.|passed|failed|with \d+ test cases? (?:passed|failed)|recorded)")
with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
    for line in log:
        match = pattern.match(line.strip())
        if not match:
            continue
        name = f"{match.group(1)} {match.group(2)}"
        if name.startswith("Test case passing"):
            continue
        if match.group(3) == "started.":
            started.append(name)
        elif "passed" in match.group(3) or "failed" in match.group(3):
            ended.add(name)
for name in started:
    if name not in ended:
        print(f"  {name}")
