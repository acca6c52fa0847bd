"""Fail when a function in the given Python files or folders is longer than MAX_LINES lines.

A function's length is counted from its `def` line to its last line, docstring, comments and blank
lines included: what a reader has to take in at once. Nested functions count in their own length and
in that of the function holding them. ruff has no rule for length in lines (PLR0915 counts
statements), so `make lint` runs this beside `ruff check` (complexity, ruff.toml).

    python tests/tools/function_size.py plugins/          (`make lint`)
"""

import ast
import os
import sys

# "Every function in plugins/ stays under 40 lines" (docs/developing.md): 40 is the most allowed,
# as max-complexity 10 allows a complexity of 10.
MAX_LINES = 40


def python_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def long_functions(path):
    """(line, name, length) of each function of the file longer than MAX_LINES."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                found.append((node.lineno, node.name, length))
    return sorted(found)


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    count = 0
    problems = 0
    for path in python_files(paths):
        count += 1
        for line, name, length in long_functions(path):
            problems += 1
            print("%s:%d: %s is %d lines long (at most %d)" % (path, line, name, length, MAX_LINES))
    print("function_size: %d files, %d functions over %d lines" % (count, problems, MAX_LINES))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
