"""Times whole runs of briefwright against pandoc (DOCX) and Typst (PDF).

For the shipped country brief and for copies scaled to 10, 100 and 1,000 visits, programmes
and threats, it measures the median wall time (of --runs runs) and the peak memory of:
  briefwright → DOCX   vs   pandoc 3: the exported Markdown → DOCX
  briefwright → PDF    vs   Typst: pandoc's `-t typst` of the same Markdown, compiled by Typst
and prints a Markdown table with the ratios and file sizes.

Needs: a release build (`cargo build --release`), PyPI's pypandoc_binary and typst packages
(`pip install pypandoc_binary typst`), GNU time (/usr/bin/time). Nothing here fails on timing.

Usage: python3 bench/bench.py [--runs 5] [--sizes country,10,100,1000]
"""

import argparse
import copy
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "briefwright"
BRIEF = ROOT / "briefs" / "nato-azerbaijan.json"
AS_OF = "2026-11-22"
TYPST = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"


def pandoc() -> str:
    import pypandoc  # noqa: PLC0415 - only needed here

    return str(pathlib.Path(pypandoc.__file__).parent / "files" / "pandoc")


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak RSS in MB over `runs` runs of `cmd`."""
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if r.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
        peaks.append(int(r.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def scaled_brief(n: int | None, work: pathlib.Path) -> pathlib.Path:
    """A copy of the country brief whose data has `n` visits, programmes and threats
    (cycling through the curated records with fresh ids); `None` keeps the data as shipped."""
    brief = json.loads(BRIEF.read_text())
    folder = work / f"brief-{n or 'country'}"
    shutil.copytree(ROOT / "briefs" / "templates", folder / "templates")
    (folder / "data").mkdir(parents=True)
    for rel in brief["data"]:
        data = json.loads((BRIEF.parent / rel).read_text())
        for kind in ("visits", "programmes", "threats"):
            records = data.get(kind)
            if records and n is not None:
                out = []
                for i in range(n):
                    r = copy.deepcopy(records[i % len(records)])
                    r["id"] = f"{r['id']}-{i}"
                    out.append(r)
                data[kind] = out
        (folder / rel).write_text(json.dumps(data, ensure_ascii=False))
    brief.pop("$schema", None)
    brief.pop("theme", None)
    path = folder / "scaled.json"
    path.write_text(json.dumps(brief, ensure_ascii=False))
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="country,10,100,1000")
    args = ap.parse_args()
    if not BIN.exists():
        sys.exit("build first: cargo build --release")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        for size in args.sizes.split(","):
            n = None if size == "country" else int(size)
            brief = scaled_brief(n, work)
            out = work / f"out-{size}"
            build = [str(BIN), "build", str(brief), "--out", str(out), "--as-of", AS_OF]
            subprocess.run([*build, "--format", "md"], check=True, capture_output=True)
            md = out / "scaled.md"
            typ = out / "scaled.typ"
            # pandoc drops raw HTML anchors when it writes Typst, which then refuses the links to
            # them: give it the same anchors as pandoc spans, after the bold text they open (a
            # Typst label names the element before it).
            spans = out / "scaled-spans.md"
            text = re.sub(r'<a id="([^"]+)"></a>(\*\*[^*]+\*\*)', r"\2[]{#\1}", md.read_text())
            spans.write_text(re.sub(r'<a id="([^"]+)"></a>', r"[]{#\1}", text))
            subprocess.run(
                [pandoc(), "-f", "markdown", "-t", "typst", str(spans), "-o", str(typ)], check=True
            )
            typ.write_text("#show figure: set block(breakable: true)\n" + typ.read_text())
            bw_docx = timed([*build, "--format", "docx"], args.runs)
            pd_docx = timed(
                [pandoc(), "-f", "markdown", str(md), "-o", str(out / "pandoc.docx")], args.runs
            )
            bw_pdf = timed([*build, "--format", "pdf"], args.runs)
            ty_pdf = timed(
                [sys.executable, "-c", TYPST, str(typ), str(out / "typst.pdf")], args.runs
            )
            kb = lambda p: os.path.getsize(p) / 1024  # noqa: E731
            rows.append(
                (
                    size,
                    bw_docx, pd_docx, kb(out / "scaled.docx"), kb(out / "pandoc.docx"),
                    bw_pdf, ty_pdf, kb(out / "scaled.pdf"), kb(out / "typst.pdf"),
                )
            )
            print(f"measured {size}", file=sys.stderr)
    print("| records | briefwright DOCX | pandoc DOCX | × | DOCX KB (bw/pandoc) "
          "| briefwright PDF | Typst PDF | × | PDF KB (bw/Typst) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size, bd, pd, bdk, pdk, bp, tp, bpk, tpk in rows:
        print(
            f"| {size} | {bd[0]*1000:.0f} ms, {bd[1]:.0f} MB | {pd[0]*1000:.0f} ms, {pd[1]:.0f} MB "
            f"| {pd[0]/max(bd[0], 0.001):.0f} | {bdk:.0f} / {pdk:.0f} "
            f"| {bp[0]*1000:.0f} ms, {bp[1]:.0f} MB | {tp[0]*1000:.0f} ms, {tp[1]:.0f} MB "
            f"| {tp[0]/max(bp[0], 0.001):.0f} | {bpk:.0f} / {tpk:.0f} |"
        )


if __name__ == "__main__":
    main()
