"""Writes two stressed copies of a briefs folder, for checking pagination and line breaking
beyond what the shipped data exercises.

    python3 .ci/stress.py BRIEFS_DIR OUT_DIR

Each copy is the whole folder (briefs, data, templates, themes, schemas), so it builds as the
original does; only the data JSON is edited:

- OUT_DIR/long/: long tokens that cannot break at a space (a URL-like token, long hyphenated
  compounds, years against long words) and Azerbaijani and Cyrillic words appended to every
  programme's `areas` entries and `summary` and to every threat's `description`. This tests
  line breaking in narrow table cells and text outside plain ASCII.
- OUT_DIR/x20/: every visit, programme and threat repeated 20 times, ids suffixed -1 … -20.
  Sources are not repeated, so every `sources` reference stays valid; a brief's `focus` is
  moved to the first copy of its record. This tests long tables and many pages.

Standard library only. Verify a copy with `briefwright check OUT_DIR/<copy>`.
"""

import json
import pathlib
import shutil
import sys

# Not breakable at a space: a URL-like token of 40 characters, hyphenated compounds, a year
# against a long word. Hyphens and slashes are the only break opportunities they offer.
LONG = [
    "https://www.nato.int/cps/en/natohq/t4911",
    "defence-education-enhancement-programme-related",
    "1997 Interoperability-and-capability-development",
    "counter-improvised-explosive-device-training 2026",
]
# Azerbaijani (ə ğ ı ş ç ö ü İ Ə) and Cyrillic words, each line a different mix.
WORDS = [
    "Azərbaycan Respublikasının Müdafiə Nazirliyi",
    "İstiqlaliyyət küçəsi, Şuşa, Gəncə, Ağdam; Əliyev çıxış etdi, öyrənmək üçün",
    "сотрудничество Министерства обороны Азербайджанской Республики",
]

COPIES = 20
REPEATED = ("visits", "programmes", "threats")


def stress_text(text: str, i: int) -> str:
    """`text` with a long token and a line of Azerbaijani or Cyrillic, varied by `i`."""
    return f"{text} {LONG[i % len(LONG)]} {WORDS[i % len(WORDS)]}"


def lengthen(data: dict) -> None:
    for n, p in enumerate(data.get("programmes", [])):
        p["areas"] = [stress_text(a, n + k) for k, a in enumerate(p.get("areas", []))]
        p["summary"] = stress_text(p["summary"], n)
    for n, t in enumerate(data.get("threats", [])):
        t["description"] = stress_text(t["description"], n)


def repeat(data: dict) -> None:
    for kind in REPEATED:
        if kind in data:
            data[kind] = [
                dict(record, id=f"{record['id']}-{k}")
                for record in data[kind]
                for k in range(1, COPIES + 1)
            ]


def edit_data(folder: pathlib.Path, edit) -> None:
    """Applies `edit` to every data file the copied briefs read."""
    files = set()
    for brief in folder.glob("*.json"):
        files.update(json.loads(brief.read_text())["data"])
    for rel in sorted(files):
        path = folder / rel
        data = json.loads(path.read_text())
        edit(data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def refocus(folder: pathlib.Path) -> None:
    """Points each brief's `focus` at the first copy of its record."""
    for brief in folder.glob("*.json"):
        b = json.loads(brief.read_text())
        if "focus" in b:
            b["focus"] = f"{b['focus']}-1"
            brief.write_text(json.dumps(b, ensure_ascii=False, indent=2) + "\n")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    briefs, out = map(pathlib.Path, sys.argv[1:3])
    for name, edit in (("long", lengthen), ("x20", repeat)):
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(briefs, target)
        edit_data(target, edit)
        if name == "x20":
            refocus(target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
