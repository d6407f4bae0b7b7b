"""Checks the rendered briefs as a reader's tools see them.

    python3 .ci/check_outputs.py OUT_DIR BRIEFS_DIR [--assert-parity[=N]]

For every brief in BRIEFS_DIR: the DOCX converts to PDF in LibreOffice and its text holds the
facts of the brief's data (every visitor, programme name and threat title it shows); the PDF
passes `qpdf --check`, has every font embedded and subset (`pdffonts`), and its text holds the
same facts. Prints the page counts of both (the PDF's, and LibreOffice's of the DOCX); with
`--assert-parity`, differing counts are a failure too (with `--assert-parity=N`, counts more
than N pages apart). Exits 1 on any failure.
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def norm(text: str) -> str:
    # Lines wrap and hyphenate differently in each format: compare on words alone. An
    # inserted hyphen copies as a soft hyphen (U+00AD) at the line's end: the word joins.
    text = re.sub("\u00ad\\s*", "", text).replace("-\n", "")
    # Typography curls the data's straight quotes: compare them straightened.
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text)


def facts(brief_path: pathlib.Path) -> list[str]:
    brief = json.loads(brief_path.read_text())
    out = []
    focus = brief.get("focus")
    for rel in brief["data"]:
        data = json.loads((brief_path.parent / rel).read_text())
        for v in data.get("visits", []):
            if focus is None or v["id"] == focus:
                out.append(v["visitor"]["name"])
        if focus is None:
            out += [p["name"] for p in data.get("programmes", [])]
            out += [t["title"] for t in data.get("threats", [])]
    return out


def pages(pdf: pathlib.Path) -> int:
    info = run("pdfinfo", str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def main() -> int:
    args = sys.argv[1:]
    # The largest page-count difference allowed, or None for no parity check.
    tolerance = None
    for a in args:
        if a == "--assert-parity":
            tolerance = 0
        elif a.startswith("--assert-parity="):
            tolerance = int(a.split("=", 1)[1])
    args = [a for a in args if not a.startswith("--assert-parity")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir, briefs_dir = map(pathlib.Path, args)
    failures = []
    checked = 0
    for brief in sorted(briefs_dir.glob("*.json")):
        name = brief.stem
        expected = facts(brief)
        docx = out_dir / f"{name}.docx"
        pdf = out_dir / f"{name}.pdf"
        with tempfile.TemporaryDirectory() as tmp:
            counts = {}
            if docx.exists():
                subprocess.run(
                    ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                    check=True, capture_output=True,
                )
                converted = pathlib.Path(tmp) / f"{name}.pdf"
                if not converted.exists():
                    failures.append(f"{docx}: LibreOffice could not convert it")
                else:
                    text = norm(run("pdftotext", str(converted), "-"))
                    failures += [f"{docx}: missing {f!r}" for f in expected if norm(f) not in text]
                    counts["DOCX in LibreOffice"] = pages(converted)
                checked += 1
            if pdf.exists():
                subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
                fonts = run("pdffonts", str(pdf)).splitlines()[2:]
                for line in fonts:
                    cols = line.split()
                    # name type encoding emb sub uni object ID: emb/sub/uni are the 3 yes/no
                    # columns before the object number.
                    emb, sub = cols[-5], cols[-4]
                    if emb != "yes" or sub != "yes":
                        failures.append(f"{pdf}: font not embedded and subset: {line}")
                if not fonts:
                    failures.append(f"{pdf}: no fonts")
                text = norm(run("pdftotext", str(pdf), "-"))
                failures += [f"{pdf}: missing {f!r}" for f in expected if norm(f) not in text]
                counts["PDF"] = pages(pdf)
                checked += 1
            row = ", ".join(
                f"{k} {counts[k]} pages" for k in ("PDF", "DOCX in LibreOffice") if k in counts
            )
            print(f"{out_dir / name}: {row}")
            if tolerance is not None and max(counts.values()) - min(counts.values()) > tolerance:
                failures.append(f"{pdf}: page parity: {row}")
    for f in failures:
        print("FAIL", f)
    print(f"{checked - len({f.split(':')[0] for f in failures})} passed, "
          f"{len({f.split(':')[0] for f in failures})} failed")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
