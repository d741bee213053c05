#!/usr/bin/env python3
"""Re-check the arithmetic of the red-team cases, independently of jixiao.

    python3 scripts/redteam-verify.py [-v]

The cases (fixtures/redteam/README.md) carry their arithmetic as annotation
lines after their text:

    ## c001                      a consistent case
    …the sentence…
    = 120.50 + 229.50 == 350.00  every relation must hold

    ## p001 text.sum 合计 should be 350.00 not 360.00
    …the sentence…
    ! 120.50 + 229.50 == 360.00  the planted relation: must NOT hold
    = 360.00 > 229.50            any others: must hold

The tables (fixtures/redteam/tables/*.txt) are annotated the same way in
fixtures/redteam/tables/cases.txt, one block per file (`## name-ok.txt`).

Expressions: numbers, + - * / and brackets; one comparison per line
(== <= >= < >). A number stands for the interval its written decimals allow
(96.52 is [96.515, 96.525]); a percentage is a fraction (97.17% is 0.9717
± 0.00005). An integer is exact (a count, a whole amount) unless written ~12
(a rounded whole: 12 ± 0.5); #12 is a count, exact in every reading
(see below). `==` holds when the intervals meet; < and >
hold when some values of the intervals satisfy them (10.00 may exceed
9.996). @N is a constant that is not in the text (10000 to convert 元 to
万元, 3 for 三项); every other number must be written in the case's text
(digits typed full-width and thousands commas are folded).

Consistent relations (=) must hold with integers exact; planted ones (!)
must fail even with every integer but the #counts read as a rounded one
(±0.5: "120万元" may stand for 120.4), so each planted defect is beyond any
rounding an auditor allows.
"""

import ast
import operator
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RT = ROOT / "fixtures" / "redteam"
EPS = 1e-9

FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


class I:
    """A closed interval of reals."""

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi=None):
        self.lo = lo
        self.hi = lo if hi is None else hi

    def __add__(self, o):
        o = lift(o)
        return I(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, o):
        o = lift(o)
        return I(self.lo - o.hi, self.hi - o.lo)

    def __rsub__(self, o):
        return lift(o) - self

    def __mul__(self, o):
        o = lift(o)
        p = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return I(min(p), max(p))

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = lift(o)
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError("division by an interval holding 0")
        return self * I(min(1 / o.lo, 1 / o.hi), max(1 / o.lo, 1 / o.hi))

    def __rtruediv__(self, o):
        return lift(o) / self

    def __neg__(self):
        return I(-self.hi, -self.lo)

    def __repr__(self):
        if self.lo == self.hi:
            return f"{self.lo:.6g}"
        return f"[{self.lo:.6g}, {self.hi:.6g}]"


def lift(x):
    return x if isinstance(x, I) else I(float(x))


def slack(a, b):
    return EPS * max(1.0, abs(a.lo), abs(a.hi), abs(b.lo), abs(b.hi))


def eq(a, b):
    s = slack(a, b)
    return a.lo <= b.hi + s and b.lo <= a.hi + s


def lt(a, b):
    return a.lo < b.hi - slack(a, b)


def le(a, b):
    return a.lo <= b.hi + slack(a, b)


COMPARE = {
    ast.Eq: eq,
    ast.Lt: lt,
    ast.LtE: le,
    ast.Gt: lambda a, b: lt(b, a),
    ast.GtE: lambda a, b: le(b, a),
}
ARITH = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}

LITERAL = re.compile(r"([~@#]?)(\d+(?:\.\d+)?)(%?)")


def literal(mark, digits, pct, loose):
    """The interval a written number stands for."""
    v = float(digits)
    if "." in digits:
        half = 0.5 * 10 ** -len(digits.split(".")[1])
    elif mark in ("@", "#"):
        half = 0.0
    elif mark == "~" or pct or loose:
        half = 0.5
    else:
        half = 0.0
    if pct:
        v, half = v / 100, half / 100
    return I(v - half, v + half)


def evaluate(rel, loose):
    """True when the relation holds; raises ValueError on bad syntax."""
    values = []

    def sub(m):
        values.append(literal(m.group(1), m.group(2), m.group(3), loose))
        return f"_v[{len(values) - 1}]"

    src = LITERAL.sub(sub, rel)
    tree = ast.parse(src, mode="eval").body
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1:
        raise ValueError("one comparison per line")

    def ev(node):
        if isinstance(node, ast.Subscript):
            return values[node.slice.value]
        if isinstance(node, ast.BinOp) and type(node.op) in ARITH:
            return ARITH[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        raise ValueError(f"unsupported expression: {ast.dump(node)}")

    left, right = ev(tree.left), ev(tree.comparators[0])
    return COMPARE[type(tree.ops[0])](lift(left), lift(right)), left, right


def numbers_in(text):
    """The numbers written in a text, as written (commas dropped)."""
    t = text.translate(FULLWIDTH)
    t = re.sub(r"(?<=\d),(?=\d{3})", "", t)
    return set(re.findall(r"\d+(?:\.\d+)?", t))


def parse_blocks(path):
    """[(header, text lines, [(kind, relation, line number)])]."""
    blocks = []
    cur = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            cur = {"header": line[3:].strip(), "line": n, "text": [], "rel": []}
            blocks.append(cur)
        elif cur is None:
            continue  # the file's preamble
        elif line.startswith("= ") or line.startswith("! "):
            cur["rel"].append((line[0], line[2:].strip(), n))
        elif cur["rel"] and line.strip():
            raise SystemExit(f"{path}:{n}: text after the annotations")
        else:
            cur["text"].append(line)
    for b in blocks:
        while b["text"] and not b["text"][-1].strip():
            b["text"].pop()
        while b["text"] and not b["text"][0].strip():
            b["text"].pop(0)
    return blocks


def check_block(where, kind, text, rels, verbose):
    """The problems of one case (empty: fine)."""
    problems = []
    if not rels:
        return ["no annotation"]
    planted = [r for r in rels if r[0] == "!"]
    if kind == "c" and planted:
        problems.append("a consistent case with a planted (!) relation")
    if kind in ("p", "bad") and len(planted) != 1:
        problems.append(f"{len(planted)} planted (!) relations, want exactly 1")
    written = numbers_in(text)
    for mark, rel, n in rels:
        for m in LITERAL.finditer(rel):
            if m.group(1) != "@" and m.group(2) not in written:
                problems.append(f"line {n}: {m.group(2)} is not written in the text")
        try:
            if mark == "=":
                ok, l, r = evaluate(rel, loose=False)
                if not ok:
                    problems.append(f"line {n}: does not hold: {rel}  ({l} vs {r})")
            else:
                ok, l, r = evaluate(rel, loose=True)
                if ok:
                    problems.append(
                        f"line {n}: planted relation holds (within rounding): {rel}  ({l} vs {r})"
                    )
        except (SyntaxError, ValueError, ZeroDivisionError, KeyError) as e:
            problems.append(f"line {n}: cannot read {rel!r}: {e}")
        if verbose:
            print(f"  {where} {mark} {rel}")
    return problems


def main():
    verbose = "-v" in sys.argv[1:]
    failures = []
    counts = {}
    ids = set()
    for name, kind in (("prose-consistent.txt", "c"), ("prose-planted.txt", "p")):
        path = RT / name
        for b in parse_blocks(path):
            head = b["header"].split()
            cid = head[0]
            where = f"{path.relative_to(ROOT)}:{b['line']} {cid}"
            if not re.fullmatch(kind + r"\d{3,}", cid):
                failures.append(f"{where}: id should be {kind}NNN (three digits or more)")
            if cid in ids:
                failures.append(f"{where}: duplicate id")
            ids.add(cid)
            if kind == "p" and len(head) < 3:
                failures.append(f"{where}: header needs the check id and what is wrong")
            text = "\n".join(b["text"])
            if not text.strip():
                failures.append(f"{where}: no text")
            for p in check_block(where, kind, text, b["rel"], verbose):
                failures.append(f"{where}: {p}")
            counts[kind] = counts.get(kind, 0) + 1
    tables = RT / "tables"
    seen = set()
    for b in parse_blocks(tables / "cases.txt"):
        head = b["header"].split()
        fname = head[0]
        where = f"tables/cases.txt:{b['line']} {fname}"
        doc = tables / fname
        if not doc.exists():
            failures.append(f"{where}: no such file")
            continue
        seen.add(fname)
        kind = "bad" if fname.endswith("-bad.txt") else "ok"
        if kind == "ok" and not fname.endswith("-ok.txt"):
            failures.append(f"{where}: a table file is *-ok.txt or *-bad.txt")
        if kind == "bad" and len(head) < 3:
            failures.append(f"{where}: header needs the check id and what is wrong")
        if kind == "ok" and len(head) != 1:
            failures.append(f"{where}: a consistent table's header is its name alone")
        text = doc.read_text(encoding="utf-8")
        for p in check_block(where, "c" if kind == "ok" else kind, text, b["rel"], verbose):
            failures.append(f"{where}: {p}")
        counts[kind] = counts.get(kind, 0) + 1
    for f in sorted(tables.glob("*.txt")):
        if f.name != "cases.txt" and f.name not in seen:
            failures.append(f"tables/{f.name}: not annotated in tables/cases.txt")
    print(
        f"redteam-verify: {counts.get('c', 0)} consistent and {counts.get('p', 0)} planted "
        f"sentences, {counts.get('ok', 0)} consistent and {counts.get('bad', 0)} planted tables"
    )
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"redteam-verify: {len(failures)} problem(s)", file=sys.stderr)
        return 1
    print("redteam-verify: every consistent relation holds, every planted one fails")
    return 0


if __name__ == "__main__":
    sys.exit(main())
