"""The actieplan on one page, in easy words and pictures (totale communicatie).

"Wie doet wat" in short sentences, with faces and pictograms, for people who read little.
The page must stay one page whatever the plan holds, so `makkelijk_context()` lays it out
on paper before the template does: every line it shows has a known height in points (the
template sets those heights, see the numbers below), long texts are cut at a word, and the
afspraken are taken in plan order for as long as they fit in the room the page has. What
does not fit is counted ("En nog 22 afspraken. Die staan in het hele plan.").

How many characters fit on a line is estimated from DejaVu Sans, on the wide side: the
average Dutch sentence measures 0.50 em (bold 0.57 em), we count 0.58 em (bold 0.68 em)
and leave a tenth of each line for where it wraps. If a text still needs more lines than
counted (a string of W's), the template cuts the item at its height instead of letting it
push the page over: `max-height` with `overflow: hidden`.

Asks the database nothing: everything comes from `PlanPdf` (afspraken with wie
prefetched). Who steps in is left to the whole plan: one line less per afspraak.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sonestra.core.models import Persoon

from .models import Afspraak
from .pdf import PlanPdf

# --- The page, in points (1 pt = 1/72 inch); the template uses the same numbers --------

PAGINA_HOOGTE = 297 / 25.4 * 72  # A4
MARGE_BOVEN = MARGE_ONDER = 12 / 25.4 * 72
KOP = 66  # photo, "Ons plan", the name
VOET = 84  # aanspreekpunt and vervolgdatum, side by side
LEGENDA = 28  # what the three pictograms of the soorten mean
NOG = 30  # "En nog 22 afspraken. Die staan in het hele plan."
# What is left for the vragen and afspraken. A few points stay free for rounding.
RUIMTE = PAGINA_HOOGTE - MARGE_BOVEN - MARGE_ONDER - KOP - VOET - LEGENDA - 6

TEKST_BREEDTE = 186 / 25.4 * 72 - 84  # the page minus margins and the faces column
VRAAG_BREEDTE = 186 / 25.4 * 72 - 46  # minus the vraag's number badge
REGEL = 22  # one line of 16 pt text (names are 20 pt)
VRAAG_REGEL = 25  # one line of a vraag (19 pt bold)
VRAAG_RAND = 14  # space above and padding of a vraag heading
AFSPRAAK_RAND = 8  # padding and border of one afspraak
GEZICHT = 44  # a face is 40 pt high, so a one-line afspraak is that high

EM_GEWOON = 0.54
EM_VET = 0.68
OPVULLING = 0.92  # lines wrap at a word: count on nine tenths of each line

# How long each text may be at most; shorter when the plan has less room.
WAT_TEKENS = 72
WANNEER_TEKENS = 42
VRAAG_TEKENS = 70  # two lines of 19 pt bold, with room for where they wrap
NAAM_TEKENS = 22
NAMEN_MAX = 3  # "Joost, Annie en Marieke"; a fourth person becomes "en nog 1"
GEZICHTEN_MAX = 2
AFSPRAAK_REGELS_MAX = 4


def kort(tekst: str, tekens: int) -> str:
    """`tekst` on one line and at most `tekens` long: cut after a whole sentence if one
    ends late enough, else at a word with "…"."""
    tekst = " ".join(tekst.split())
    if len(tekst) <= tekens:
        return tekst
    ruimte = tekst[: tekens - 1]
    zin = max(ruimte.rfind(". "), ruimte.rfind("! "))
    if zin >= tekens // 3:
        # A whole sentence reads as one: the rest is in the whole plan.
        return ruimte[: zin + 1]
    woord = ruimte.rfind(" ")
    if woord >= tekens // 2:
        ruimte = ruimte[:woord]
    # A very long word (or no spaces at all) is cut where the room ends.
    return ruimte.rstrip(" ,;:-–") + "…"


def zin(tekst: str) -> str:
    """A text as a sentence: with a full stop unless it already ends in one (or "…")."""
    return tekst + "." if tekst and tekst[-1].isalnum() else tekst


def _breedte(tekens: int, grootte: float, em: float) -> float:
    return tekens * grootte * em


def _regels(breedte: float, regelbreedte: float) -> int:
    return max(1, math.ceil(breedte / (regelbreedte * OPVULLING)))


@dataclass
class Regel:
    """One afspraak as one short sentence: "Els en Marieke: de post doen. Elke zondag."."""

    afspraak: Afspraak
    soort: int
    gezichten: list[tuple[Persoon, int]]  # the person and one of four colours
    namen: str
    wat: str
    wanneer: str
    klaar_op: date | None
    kosten: str
    regels: int

    @property
    def hoogte(self) -> float:
        return max(GEZICHT, self.regels * REGEL) + AFSPRAAK_RAND

    @property
    def tekst_hoogte(self) -> int:
        return self.regels * REGEL


@dataclass
class Groep:
    """One vraag with the afspraken of it that fit on the page."""

    nummer: int
    vraag: str
    vraag_regels: int
    regels: list[Regel] = field(default_factory=list)

    @property
    def kop_hoogte(self) -> float:
        return self.vraag_regels * VRAAG_REGEL + VRAAG_RAND

    @property
    def vraag_hoogte(self) -> int:
        return self.vraag_regels * VRAAG_REGEL


def _voornamen(personen: list[Persoon]) -> dict[int, str]:
    """How the page calls each person: the first name, or the whole name when two
    people in the plan share a first name."""
    eerste: dict[str, set[int]] = {}
    for p in personen:
        eerste.setdefault(_eerste(p.naam).casefold(), set()).add(p.pk)
    return {
        p.pk: kort(
            _eerste(p.naam) if len(eerste[_eerste(p.naam).casefold()]) == 1 else p.naam, NAAM_TEKENS
        )
        for p in personen
    }


def _eerste(naam: str) -> str:
    delen = naam.split()
    return delen[0] if delen else naam


def _opsomming(namen: list[str], meer: int = 0) -> str:
    """ "Els", "Els en Marieke", "Joost, Annie en Marieke", "Els, Ria, Joost en nog 2"."""
    if meer:
        namen = [*namen, ngettext("nog %(n)d", "nog %(n)d", meer) % {"n": meer}]
    if len(namen) <= 1:
        return "".join(namen)
    return _("%(eerst)s en %(laatst)s") % {"eerst": ", ".join(namen[:-1]), "laatst": namen[-1]}


def _bedrag(afspraak: Afspraak) -> str:
    if afspraak.soort != Afspraak.Soort.AANBOD or afspraak.kosten is None:
        return ""
    bedrag = f"€ {afspraak.kosten:.2f}".replace(".", ",").removesuffix(",00")
    per = afspraak.get_kosten_per_display() if afspraak.kosten_per else ""
    return f"{bedrag} {per}".strip()


def _regel(afspraak: Afspraak, namen: dict[int, str], wat_tekens: int) -> Regel:
    # The page is the hoofdpersoon's own plan: name the others first ("Els en Marieke"),
    # and show the others' faces, hers only when she does it alone.
    wie = sorted(afspraak.wie.all(), key=lambda p: p.is_hoofdpersoon)
    anderen = [p for p in wie if not p.is_hoofdpersoon] or wie
    opsomming = _opsomming([namen[p.pk] for p in wie[:NAMEN_MAX]], max(0, len(wie) - NAMEN_MAX))
    regel = Regel(
        afspraak=afspraak,
        soort=afspraak.soort,
        gezichten=[(p, p.pk % 4) for p in anderen[:GEZICHTEN_MAX]],
        namen=opsomming,
        wat=zin(kort(afspraak.wat, wat_tekens)),
        wanneer=zin(kort(afspraak.wanneer, WANNEER_TEKENS)),
        # "Binnen twee weken" already says when; a date only when nothing else does.
        klaar_op=None if afspraak.wanneer.strip() else afspraak.klaar_op,
        kosten=_bedrag(afspraak),
        regels=1,
    )
    # A sentence longer than the most lines an afspraak gets is cut shorter, not clipped.
    tekens = wat_tekens
    while True:
        regel.wat = zin(kort(afspraak.wat, tekens))
        regel.regels = _regels(_zinbreedte(regel), TEKST_BREEDTE)
        if regel.regels <= AFSPRAAK_REGELS_MAX or tekens <= 16:
            break
        tekens -= 8
    regel.regels = min(regel.regels, AFSPRAAK_REGELS_MAX)
    return regel


def _zinbreedte(regel: Regel) -> float:
    """How wide the sentence is on one line, in points. Everything but the names is 16 pt;
    the words the template adds ("Klaar op …") and each pictogram count too."""
    gewoon = len(regel.wat) + 2
    if regel.wanneer:
        gewoon += len(regel.wanneer) + 5
    if regel.klaar_op:
        gewoon += len(_("Klaar op %(datum)s.") % {"datum": _datum(regel.klaar_op)}) + 5
    if regel.kosten:
        gewoon += len(regel.kosten) + 5
    return _breedte(len(regel.namen) + 2, 20, EM_VET) + _breedte(gewoon, 16, EM_GEWOON)


def _datum(dag: date) -> str:
    return date_format(dag, "j F")


def _groep(nummer: int, tekst: str) -> Groep:
    vraag = kort(tekst, VRAAG_TEKENS)
    regels = min(_regels(_breedte(len(vraag), 19, EM_VET), VRAAG_BREEDTE), 2)
    return Groep(nummer, vraag, regels)


def indeling(gegevens: PlanPdf, wat_tekens: int = WAT_TEKENS) -> tuple[list[Groep], int]:
    """The vragen with the afspraken that fit, and how many did not.

    Every vraag gets its turn: first the first afspraak of each vraag, then the second of
    each, and so on, as long as they fit. So a long first vraag never pushes the others off
    the page. Each vraag shows its afspraken from the top of its list, in plan order."""
    mensen = {p.pk: p for a in gegevens.afspraken for p in a.wie.all()}
    aanspreekpunt = _aanspreekpunt(gegevens)
    if aanspreekpunt is not None:
        mensen.setdefault(aanspreekpunt.pk, aanspreekpunt)
    namen = _voornamen(list(mensen.values()))

    rijen: list[tuple[Groep, list[Afspraak]]] = []
    for nummer, blok in enumerate(gegevens.overzicht.blokken, start=1):
        afspraken = [a for s in blok.secties for a in s.afspraken]
        if afspraken:
            rijen.append((_groep(nummer, blok.vraag.tekst), afspraken))
    totaal = sum(len(afspraken) for _groep_, afspraken in rijen)

    over = RUIMTE
    getoond = 0
    open_ = list(rijen)  # the vragen that may still take an afspraak
    ronde = 0
    while open_:
        for groep, afspraken in list(open_):
            if ronde >= len(afspraken):
                open_.remove((groep, afspraken))
                continue
            regel = _regel(afspraken[ronde], namen, wat_tekens)
            nodig = regel.hoogte + (0 if groep.regels else groep.kop_hoogte)
            # The "en nog …" line needs room too, unless this is the very last afspraak.
            rest = totaal - getoond - 1
            if nodig + (NOG if rest else 0) > over:
                # This vraag is full; a later afspraak of it would break the plan order.
                open_.remove((groep, afspraken))
                continue
            groep.regels.append(regel)
            over -= nodig
            getoond += 1
        ronde += 1
    return [groep for groep, _afspraken in rijen if groep.regels], totaal - getoond


def _aanspreekpunt(gegevens: PlanPdf) -> Persoon | None:
    """The plan's aanspreekpunt (loaded with the plan by `beraad_van`)."""
    return gegevens.plan.aanspreekpunt if gegevens.plan.aanspreekpunt_id else None


def makkelijk_context(gegevens: PlanPdf) -> dict:
    """What the easy-read page shows, for `templates/beraad/pdf/makkelijk.html`."""
    groepen, nog = indeling(gegevens)
    plan = gegevens.plan
    aanspreekpunt = _aanspreekpunt(gegevens)
    # A photo only of whom the document may load photos (`LokaleBestanden`); else initials.
    met_foto = {p.pk for p in gegevens.personen if p.foto}
    hoofdpersoon = gegevens.hoofdpersoon
    return {
        "groepen": groepen,
        "nog": nog,
        "hoofdpersoon": hoofdpersoon,
        "hoofdnaam": kort(hoofdpersoon.naam, 40) if hoofdpersoon else "",
        "aanspreekpunt": aanspreekpunt,
        "aanspreekfoto": aanspreekpunt is not None and aanspreekpunt.pk in met_foto,
        "aanspreeknaam": kort(_eerste(aanspreekpunt.naam), NAAM_TEKENS) if aanspreekpunt else "",
        "vervolgdatum": plan.vervolgdatum,
        "maten": {
            "kop": KOP,
            "voet": VOET,
            "legenda": LEGENDA,
            "nog": NOG,
            "regel": REGEL,
            "vraag_regel": VRAAG_REGEL,
        },
    }
