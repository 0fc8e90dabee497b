"""Checks every configuration of a cisco-asa export without an ASA (no offline parser
exists): each line is a comment or one of the commands the format writes, names are valid
ASA names (at most 64 letters, digits, `-`, `_`, `.`), remarks fit in 100 characters, every
object an access rule names is defined and every object defined is used, and every access
list is bound to an interface.

    python asa_check.py FOLDER
"""
import ipaddress
import pathlib
import re
import sys

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
PORT = r"(?:[1-9][0-9]{0,4})"
PORTS = rf"(?:eq {PORT}|range {PORT} {PORT})"
OPERAND = r"(?:any|object \S+|object-group \S+)"
ACE = re.compile(
    rf"^access-list (\S+) extended permit "
    rf"(?:(?:tcp|udp) ({OPERAND}) ({OPERAND}) {PORTS}"
    rf"|icmp ({OPERAND}) ({OPERAND})(?: [0-9]{{1,3}})?"
    rf"|object-group (\S+) ({OPERAND}) ({OPERAND}))$"
)


def address(text, mask=False):
    try:
        if mask:
            ipaddress.IPv4Network(text.replace(" ", "/"))
        elif "/" in text:
            ipaddress.IPv6Network(text)
        else:
            ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def object_line(kind, body):
    words = body.split(" ")
    if words[0] == "description":
        return 0 < len(body) - len("description ") <= 200
    if kind == "network":
        return (
            (words[0] == "host" and len(words) == 2 and address(words[1]))
            or (words[0] == "subnet" and len(words) == 3 and address(" ".join(words[1:]), True))
            or (words[0] == "subnet" and len(words) == 2 and address(words[1]))
            or (words[0] == "range" and len(words) == 3 and all(address(w) for w in words[1:]))
            or (words[0] == "fqdn" and len(words) == 2 and "." in words[1])
        )
    if kind == "network-group":
        rest = words[1:]
        return words[0] == "network-object" and (
            (rest[:1] == ["host"] and len(rest) == 2 and address(rest[1]))
            or (len(rest) == 2 and address(" ".join(rest), True))
            or (len(rest) == 1 and address(rest[0]))
        )
    return re.fullmatch(rf"service-object (?:tcp|udp) destination {PORTS}", body) is not None


def check(path):
    problems = []
    defined, used, acls, bound = {}, set(), set(), set()
    current = None
    for n, line in enumerate(path.read_text(encoding="ascii").splitlines(), 1):
        at = f"{path}:{n}: {line!r}"
        if "?" in line or line.endswith(" "):
            problems.append(f"{at}: `?` or a trailing space")
        if line.startswith("!"):
            current = None
        elif line.startswith(" "):
            if current is None or not object_line(current, line[1:]):
                problems.append(f"{at}: not a line of a {current} object")
        else:
            current = None
            words = line.split(" ")
            m = ACE.match(line)
            if words[:2] in (["object", "network"], ["object-group", "network"], ["object-group", "service"]):
                if words[0] == "object":
                    kind = "network"
                else:
                    kind = "network-group" if words[1] == "network" else "service"
                if len(words) != 3 or not NAME.match(words[2]) or words[2] in defined:
                    problems.append(f"{at}: bad or repeated name")
                defined[words[2]] = kind
                current = kind
            elif words[:1] == ["access-list"] and words[2:3] == ["remark"]:
                text = line.split(" remark ", 1)[1]
                if not NAME.match(words[1]) or not text.strip() or len(text) > 100:
                    problems.append(f"{at}: bad remark")
            elif m:
                acls.add(m.group(1))
                for group in m.groups()[1:]:
                    if group is None:
                        continue
                    parts = group.split(" ")
                    if parts[0] == "object":
                        used.add((parts[1], "network"))
                    elif parts[0] == "object-group":
                        used.add((parts[1], "network-group"))
                    elif group != "any":
                        used.add((group, "service"))
            elif re.fullmatch(r"access-group (\S+) in interface (\S+)", line):
                acl, nameif = line.split(" ")[1], line.split(" ")[4]
                if acl not in acls or not NAME.match(nameif):
                    problems.append(f"{at}: binds an unknown list or a bad interface name")
                bound.add(acl)
            else:
                problems.append(f"{at}: not a command the format writes")
    for name, kind in sorted(used):
        if defined.get(name) != kind:
            problems.append(f"{path}: {name} is used as {kind}, defined as {defined.get(name)}")
    for name in sorted(set(defined) - {n for n, _ in used}):
        problems.append(f"{path}: {name} is defined but not used")
    for acl in sorted(acls - bound):
        problems.append(f"{path}: {acl} is bound to no interface")
    return problems


def main(folder):
    files = sorted(pathlib.Path(folder).glob("*.cfg"))
    if not files:
        print(f"{folder}: no configuration", file=sys.stderr)
        return 1
    problems = [p for f in files for p in check(f)]
    for p in problems[:20]:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
