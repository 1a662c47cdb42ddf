#!/usr/bin/env python3
"""layers: checks the shape of the source tree.

  tools/layers.py BUILD_DIR [--max-file-lines N] [--max-function-lines N] [--graph]

1. No circles.  A node is a source file.  A edges to B when A includes
   the header B ("..." includes), or when A is a .c file whose object uses
   a symbol B's object defines (nm on the objects of the static library
   and of the CLI in BUILD_DIR).  Every strongly connected component of
   more than one file is a circle (two .c files calling each other, or
   headers including each other) and is printed with the edges that close
   it.  And internal.h, the glue's header with the layout of `tagger` and
   `tagger_doc`, is included only by the glue and what stands above it
   (GLUE below): a stage below that takes inputs and returns results.
2. No file of the library or the CLI over --max-file-lines (1200).
3. No function over --max-function-lines (150): a definition is a line at
   column 0 ending in ")" (or "{") followed by a "{" at column 0, and runs
   to the next "}" at column 0.

Exit status 0 when all hold, 1 otherwise (each finding on stderr), 2 on a
usage error.  --graph prints the module graph in layers, ground floor first.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ["tagger", "tagger/cli", "tagger/include"]
GLUE = {"tagger/tagger.c", "tagger/config.c", "tagger/ner_train.c", "tagger/topics_train.c"}


def sources():
    out = []
    for d in DIRS:
        full = os.path.join(ROOT, d)
        for name in sorted(os.listdir(full)):
            if name.endswith((".c", ".h")):
                out.append(os.path.join(d, name))
    return out


def module_of(path):
    if path.startswith("tagger/include/"):
        return os.path.basename(path)
    return path


def include_edges(files):
    by_header = {}
    for f in files:
        if f.endswith(".h"):
            by_header.setdefault(os.path.basename(f), []).append(f)
    edges = {}
    for f in files:
        src_dir = os.path.dirname(f)
        with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                inc = m.group(1)
                cands = [h for h in by_header.get(os.path.basename(inc), [])]
                same = [h for h in cands if os.path.dirname(h) == src_dir]
                target = (same or cands or [None])[0]
                if target is None:
                    continue
                a, b = module_of(f), module_of(target)
                if a != b:
                    edges.setdefault((a, b), "includes " + inc)
                if os.path.basename(target) == "internal.h" and f.endswith(".c") \
                        and f not in GLUE:
                    edges.setdefault((a, "UPWARD"), "includes internal.h")
    return edges


def symbol_edges(build):
    objs = []
    for sub in ("CMakeFiles/tagger_static.dir", "CMakeFiles/tagger_cli.dir"):
        top = os.path.join(build, sub)
        for dirpath, _, names in os.walk(top):
            for n in names:
                if n.endswith(".c.o"):
                    rel = os.path.relpath(os.path.join(dirpath, n), top)
                    objs.append((rel[:-2], os.path.join(dirpath, n)))  # "tagger/x.c"
    if not objs:
        sys.exit("layers: no object files under %s (build it first)" % build)
    defined, used = {}, {}
    for src, obj in objs:
        mod = module_of(src)
        res = subprocess.run(["nm", obj], capture_output=True, text=True, check=True)
        for line in res.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                used.setdefault(mod, set()).add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBRVW":
                defined.setdefault(parts[2], mod)
    edges = {}
    for mod, syms in used.items():
        for s in sorted(syms):
            owner = defined.get(s)
            if owner and owner != mod:
                edges.setdefault((mod, owner), "calls " + s)
    return edges


def circles(nodes, adj):
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(adj.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            strong(v)
    return [c for c in comps if len(c) > 1]


def long_functions(path, limit):
    found = []
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == "{" and i > 0 and re.match(r"[A-Za-z_].*\)\s*$", lines[i - 1] or ""):
            # the signature may span lines: find its first line
            j = i - 1
            while j > 0 and lines[j - 1] and not lines[j - 1].startswith(("}", "/", " *", "#")) \
                    and not lines[j - 1].endswith((";", "}")) and lines[j - 1][0] in " \t":
                j -= 1
            k = i + 1
            while k < len(lines) and lines[k] != "}":
                k += 1
            n = k - i + 1
            name = re.search(r"(\w+)\s*\(", " ".join(lines[j:i]))
            if n > limit:
                found.append((name.group(1) if name else "?", i + 1, n))
            i = k
        i += 1
    return found


def main(argv):
    args = list(argv)
    opts = {"--max-file-lines": 1200, "--max-function-lines": 150}
    graph = "--graph" in args
    if graph:
        args.remove("--graph")
    for key in list(opts):
        if key in args:
            k = args.index(key)
            try:
                opts[key] = int(args[k + 1])
            except (IndexError, ValueError):
                print("layers: %s needs a number" % key, file=sys.stderr)
                return 2
            del args[k:k + 2]
    if len(args) != 1 or args[0].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    build = args[0]
    files = sources()
    edges = include_edges(files)
    for k, v in symbol_edges(build).items():
        edges.setdefault(k, v)
    nodes = {module_of(f) for f in files}
    adj = {}
    for a, b in edges:
        adj.setdefault(a, set()).add(b)
    bad = 0
    for (a, b), why in sorted(edges.items()):
        if b == "UPWARD":
            bad += 1
            print("layers: %s %s (only %s may)" % (a, why, ", ".join(sorted(GLUE))),
                  file=sys.stderr)
    edges = {k: v for k, v in edges.items() if k[1] != "UPWARD"}
    adj = {}
    for a, b in edges:
        adj.setdefault(a, set()).add(b)
    for comp in circles(nodes, adj):
        bad += 1
        inside = set(comp)
        print("layers: circle of %d modules: %s" % (len(comp), " ".join(comp)), file=sys.stderr)
        for (a, b), why in sorted(edges.items()):
            if a in inside and b in inside:
                print("  %s -> %s (%s)" % (a, b, why), file=sys.stderr)
    for f in files:
        with open(os.path.join(ROOT, f), encoding="utf-8") as fh:
            n = sum(1 for _ in fh)
        if n > opts["--max-file-lines"]:
            bad += 1
            print("layers: %s: %d lines (limit %d)" % (f, n, opts["--max-file-lines"]),
                  file=sys.stderr)
        if f.endswith(".c"):
            for name, line, length in long_functions(f, opts["--max-function-lines"]):
                bad += 1
                print("layers: %s:%d: %s is %d lines (limit %d)"
                      % (f, line, name, length, opts["--max-function-lines"]), file=sys.stderr)
    if graph:
        level = {}

        def depth(v, seen=()):
            if v in level:
                return level[v]
            if v in seen:
                return 0
            d = 1 + max([depth(w, seen + (v,)) for w in adj.get(v, ())] or [-1])
            level[v] = d
            return d

        for v in nodes:
            depth(v)
        for d in range(max(level.values()) + 1):
            print("%d: %s" % (d, " ".join(sorted(v for v in nodes if level[v] == d))))
    if bad:
        print("layers: %d finding(s)" % bad, file=sys.stderr)
        return 1
    print("layers: %d modules, %d edges: no circle, no file over %d lines, no function over %d"
          % (len(nodes), len(edges), opts["--max-file-lines"], opts["--max-function-lines"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
