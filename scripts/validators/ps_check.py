"""Parses every PowerShell script of a windows-firewall export with the PowerShell grammar
(tree-sitter-powershell; no PowerShell runs on Linux CI): each file must start with a UTF-8
byte order mark and parse without an ERROR or MISSING node.

    python ps_check.py FOLDER
"""
import pathlib
import sys

from tree_sitter import Language, Parser
import tree_sitter_powershell


def first_problem(node):
    """The first ERROR or MISSING node under `node`, depth first, or None."""
    if node.is_error or node.is_missing:
        return node
    for child in node.children:
        found = first_problem(child)
        if found is not None:
            return found
    return None


def main(folder):
    parser = Parser(Language(tree_sitter_powershell.language()))
    scripts = sorted(pathlib.Path(folder).glob("*.ps1"))
    if not scripts:
        print(f"{folder}: no script", file=sys.stderr)
        return 1
    bad = 0
    for path in scripts:
        data = path.read_bytes()
        bom = b"\xef\xbb\xbf"
        if not data.startswith(bom):
            print(f"{path}: no UTF-8 byte order mark", file=sys.stderr)
            bad += 1
            continue
        tree = parser.parse(data[len(bom):])
        problem = first_problem(tree.root_node)
        if problem is not None:
            row, col = problem.start_point
            kind = "ERROR" if problem.is_error else "MISSING"
            print(f"{path}:{row + 1}:{col + 1}: {kind} node", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
