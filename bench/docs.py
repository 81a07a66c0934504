"""docs/benchmarks.md: each run replaces its own part, between its markers, and keeps the
rest (the other run's part and the text written by hand)."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def schrijf_sectie(naam: str, tekst: str, docs: Path = DOCS) -> None:
    """Put `tekst` between `<!-- naam:begin -->` and `<!-- naam:end -->`; at the end of the
    file when those markers are not there yet."""
    begin, einde = f"<!-- {naam}:begin -->", f"<!-- {naam}:end -->"
    docs.parent.mkdir(exist_ok=True)
    oud = docs.read_text() if docs.exists() else "# Benchmarks\n"
    blok = f"{begin}\n{tekst.strip()}\n{einde}"
    if begin in oud and einde in oud:
        voor, rest = oud.split(begin, 1)
        nieuw = voor + blok + rest.split(einde, 1)[1]
    else:
        nieuw = oud.rstrip() + "\n\n" + blok + "\n"
    docs.write_text(nieuw)
