"""Read the forms of a page and fill them in as a browser would.

The load test posts the real forms (CSRF token, hidden version, the choices that were
already made) instead of a hand-made dictionary, so a change to a template that a
browser would follow is followed here too. Only the standard library: the locust
process imports it under gevent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Veld:
    tag: str
    naam: str
    soort: str = "text"
    waarde: str = ""
    aan: bool = False  # checked, or selected for an option
    uit: bool = False  # disabled
    opties: list[tuple[str, bool]] = field(default_factory=list)
    meerdere: bool = False


@dataclass
class Formulier:
    actie: str
    methode: str
    attrs: dict[str, str]
    velden: list[Veld] = field(default_factory=list)

    def waarden(self, knop: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """What the browser sends when `knop` (name, value) is pressed: checked boxes
        and radios only, the chosen options (the first one of a plain select when none
        is chosen), and no buttons but the pressed one."""
        uit: list[tuple[str, str]] = []
        for veld in self.velden:
            if veld.uit or not veld.naam:
                continue
            if veld.tag == "input":
                if veld.soort in {"submit", "button", "image", "reset", "file"}:
                    continue
                if veld.soort in {"checkbox", "radio"}:
                    if veld.aan:
                        uit.append((veld.naam, veld.waarde or "on"))
                    continue
                uit.append((veld.naam, veld.waarde))
            elif veld.tag == "textarea":
                uit.append((veld.naam, veld.waarde))
            elif veld.tag == "select":
                gekozen = [w for w, aan in veld.opties if aan]
                if not gekozen and not veld.meerdere and veld.opties:
                    gekozen = [veld.opties[0][0]]
                uit.extend((veld.naam, w) for w in gekozen)
        if knop is not None:
            uit.append(knop)
        return uit

    def waarde(self, naam: str) -> str | None:
        """The value sent for `naam` (the first one), or None when nothing is sent."""
        return next((w for n, w in self.waarden() if n == naam), None)

    def knoppen(self, naam: str) -> list[Veld]:
        return [
            v for v in self.velden if v.tag == "button" and v.naam == naam and v.soort == "submit"
        ]


class _Lezer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.formulieren: list[Formulier] = []
        self._form: Formulier | None = None
        self._textarea: Veld | None = None
        self._select: Veld | None = None
        self._optie: list | None = None  # [value or None, selected, text]

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Formulier(
                actie=a.get("action", ""), methode=a.get("method", "get").lower(), attrs=a
            )
            self.formulieren.append(self._form)
            return
        if self._form is None:
            return
        naam = a.get("name", "")
        uit = "disabled" in a
        if tag == "input":
            self._form.velden.append(
                Veld(
                    "input",
                    naam,
                    soort=a.get("type", "text").lower(),
                    waarde=a.get("value", ""),
                    aan="checked" in a,
                    uit=uit,
                )
            )
        elif tag == "button":
            self._form.velden.append(
                Veld(
                    "button",
                    naam,
                    soort=a.get("type", "submit").lower(),
                    waarde=a.get("value", ""),
                    uit=uit,
                )
            )
        elif tag == "textarea":
            self._textarea = Veld("textarea", naam, uit=uit)
            self._form.velden.append(self._textarea)
        elif tag == "select":
            self._select = Veld("select", naam, uit=uit, meerdere="multiple" in a)
            self._form.velden.append(self._select)
        elif tag == "option" and self._select is not None:
            self._sluit_optie()
            self._optie = [a.get("value"), "selected" in a, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.waarde += data
        elif self._optie is not None:
            self._optie[2] += data

    def _sluit_optie(self) -> None:
        if self._optie is not None and self._select is not None:
            waarde, aan, tekst = self._optie
            self._select.opties.append((waarde if waarde is not None else tekst.strip(), aan))
        self._optie = None

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline right after <textarea>.
            if self._textarea.waarde.startswith("\n"):
                self._textarea.waarde = self._textarea.waarde[1:]
            self._textarea = None
        elif tag == "option":
            self._sluit_optie()
        elif tag == "select":
            self._sluit_optie()
            self._select = None
        elif tag == "form":
            self._form = None


def formulieren(html: str) -> list[Formulier]:
    lezer = _Lezer()
    lezer.feed(html)
    lezer.close()
    return lezer.formulieren


def formulier(html: str, actie_bevat: str) -> Formulier | None:
    """The first form whose action contains `actie_bevat` (e.g. '/status/')."""
    return next((f for f in formulieren(html) if actie_bevat in f.actie), None)


def met_veld(html: str, naam: str) -> Formulier | None:
    """The first form that sends a field `naam` (for forms that post to their own page)."""
    return next((f for f in formulieren(html) if any(v.naam == naam for v in f.velden)), None)
