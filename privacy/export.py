"""Everything a Netwerk holds, out of the app: for the hoofdpersoon, and for one person.

**The whole Netwerk** (`netwerk_export`, right EXPORTEREN): every row of every model of
core, netwerkkompas, beraad and actieteam that names the Netwerk (`REGISTER`; a test checks
no model with a `netwerk` field is missing), the photos as file names (and as files in the
zip), and the Netwerk's access log. Left out are only secrets that open something: the
hashes behind links (invitations, answer links, calendar feeds) and the client addresses
in the log (they say where other people were, not what happened to the data).

**One person** (`persoon_export`, right EIGEN_EXPORT for oneself, EXPORTEREN for anyone in
the groslijst): only what concerns that person, by this rule —

- their own Persoon row, in full (their contact details and the notes about them);
- the rows they are part of: relations they are in, their talents and support, places
  they are at (the place, not who else is there), compliments they gave (the hoofdpersoon:
  all, they are about them), their own perspective, invitations and answers for them,
  information asked of them, their zorgen en voorwaarden, afspraken where they are wie or
  invaller (with the vraag it belongs to), the status of those afspraken, akkoorden they
  gave, statuses and plan versions they changed (not the copy of the whole plan), meetings
  they were at (when and where, not the notes), their own entry in each momentopname,
  their Deelname, settings and reminders, and the log lines of their own login (with the
  addresses they came from only when they download it themselves);
- other people only by name, where one of those rows names them (`andere_personen`);
- never other people's contact details, notes or perspectives, the reason someone was not
  invited, the story (unless it is the hoofdpersoon's own export: then the story, the
  vragen of the beraad and every plan are theirs too), or anything of other logins.

All gathering runs in a fixed number of queries, one per kind of row, whatever the size of
the Netwerk: `values()` for rows, one query per many-to-many field, one for the names.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from actieteam.models import (
    Herinnering,
    Lidinstelling,
    Overleg,
    Planversie,
    Statuswijziging,
    Voortgang,
)
from beraad.models import (
    Actieplan,
    Afspraak,
    Akkoord,
    Beraad,
    Genodigde,
    Informatie,
    Voorwaarde,
    Vraag,
)
from beraad.pdf import BASIS, LokaleBestanden
from netwerkkompas.models import (
    Balansmeting,
    Compliment,
    Momentopname,
    Ondersteuning,
    Perspectief,
    Plek,
    Relatie,
    Talent,
    Verhaal,
)
from sonestra.core.models import (
    Deelname,
    Netwerk,
    Persoon,
    Toegangslog,
    Uitnodiging,
    User,
)
from sonestra.core.roles import Rol

SCHEMA = "sonestra.export"
# Raise when the shape of the file changes (a key renamed or removed), so a program that
# reads an older export knows what it holds.
SCHEMA_VERSIE = 1
# Secrets that open something: never in an export.
GEHEIM = {"token_hash", "agenda_hash"}
# The PDF shows the newest lines of the log; the JSON file holds them all.
PDF_LOG_REGELS = 500


@dataclass(frozen=True)
class Soort:
    """One kind of row in the export: where it goes and what it is called."""

    app: str
    sleutel: str
    model: type[models.Model]


# Every model that belongs to a Netwerk (it has a `netwerk` field), in the order of the
# SNS flow. tests/privacy/test_export.py checks that none is missing.
REGISTER: list[Soort] = [
    Soort("core", "personen", Persoon),
    Soort("core", "deelnames", Deelname),
    Soort("core", "uitnodigingen", Uitnodiging),
    Soort("netwerkkompas", "verhaal", Verhaal),
    Soort("netwerkkompas", "perspectieven", Perspectief),
    Soort("netwerkkompas", "relaties", Relatie),
    Soort("netwerkkompas", "plekken", Plek),
    Soort("netwerkkompas", "talenten", Talent),
    Soort("netwerkkompas", "ondersteuning", Ondersteuning),
    Soort("netwerkkompas", "complimenten", Compliment),
    Soort("netwerkkompas", "momentopnamen", Momentopname),
    Soort("netwerkkompas", "balansmetingen", Balansmeting),
    Soort("beraad", "beraden", Beraad),
    Soort("beraad", "vragen", Vraag),
    Soort("beraad", "informatie", Informatie),
    Soort("beraad", "genodigden", Genodigde),
    Soort("beraad", "voorwaarden", Voorwaarde),
    Soort("beraad", "actieplannen", Actieplan),
    Soort("beraad", "afspraken", Afspraak),
    Soort("beraad", "akkoorden", Akkoord),
    Soort("actieteam", "voortgang", Voortgang),
    Soort("actieteam", "statuswijzigingen", Statuswijziging),
    Soort("actieteam", "planversies", Planversie),
    Soort("actieteam", "overleggen", Overleg),
    Soort("actieteam", "lidinstellingen", Lidinstelling),
    Soort("actieteam", "herinneringen", Herinnering),
]
APPS = ("core", "netwerkkompas", "beraad", "actieteam")
APP_TITELS = {
    "core": gettext_lazy("Het netwerk en de mensen"),
    "netwerkkompas": gettext_lazy("Netwerkkompas"),
    "beraad": gettext_lazy("FamilieNetwerkBeraad en actieplan"),
    "actieteam": gettext_lazy("Actieteam"),
}


def _velden(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name != "netwerk" and f.name not in GEHEIM]


def _m2m(model: type[models.Model]) -> list[models.ManyToManyField]:
    return list(model._meta.many_to_many)


# --- One person: which rows and which fields ---------------------------------------------


@dataclass(frozen=True)
class Betrokkene:
    """Whose export this is: a Persoon of the groslijst and/or the logins that are them."""

    persoon: Persoon | None
    user_ids: tuple[int, ...]
    hoofdpersoon: bool

    @property
    def naam(self) -> str:
        return self.persoon.naam if self.persoon is not None else ""


@dataclass(frozen=True)
class Regel:
    """Which rows of one kind concern the person, and which fields of them to hand out.
    `velden` None: all fields; `m2m` None: all many-to-many fields."""

    filter: Q
    velden: tuple[str, ...] | None = None
    m2m: tuple[str, ...] | None = None


def _q(b: Betrokkene, persoon: str | None = None, user: str | None = None) -> Q:
    """Rows where `persoon` is this Persoon or `user` one of their logins. A side that is
    unknown matches nothing (never `IS NULL`: that would be everyone's rows)."""
    q = Q(pk__in=[])
    if persoon and b.persoon is not None:
        q |= Q(**{persoon: b.persoon.pk})
    if user and b.user_ids:
        q |= Q(**{f"{user}__in": b.user_ids})
    return q


def persoon_regels(b: Betrokkene) -> dict[str, Regel | None]:
    """The rule of the module docstring, per kind of row (None: nothing of this kind)."""
    alles = Q()
    hoofd = b.hoofdpersoon
    in_afspraak = _q(b, "wie") | _q(b, "invallers")
    return {
        "personen": Regel(_q(b, "pk")),
        "deelnames": Regel(_q(b, user="user"), ("id", "user", "rol", "created", "beeindigd")),
        "uitnodigingen": Regel(_q(b, "persoon", "user")),
        "verhaal": Regel(alles) if hoofd else None,
        "perspectieven": Regel(_q(b, "persoon", "auteur")),
        "relaties": Regel(_q(b, "van") | _q(b, "naar")),
        "plekken": Regel(_q(b, "personen"), ("id", "naam", "soort", "loopminuten"), ()),
        "talenten": Regel(_q(b, "persoon")),
        "ondersteuning": Regel(_q(b, "persoon")),
        "complimenten": Regel(alles if hoofd else _q(b, "van", "auteur")),
        # Only their own entry of each moment: see `_eigen_momenten`.
        "momentopnamen": Regel(alles),
        "balansmetingen": None,
        "beraden": Regel(
            alles if hoofd else _q(b, "genodigden__persoon"),
            None if hoofd else ("id", "fase", "datum", "eindtijd", "waar"),
        ),
        "vragen": Regel(
            alles if hoofd else _q(b, "afspraken__wie") | _q(b, "afspraken__invallers")
        ),
        "informatie": Regel(_q(b, "van", "beantwoord_door")),
        "genodigden": Regel(
            _q(b, "persoon"),
            None
            if hoofd
            else ("id", "beraad", "persoon", "uitgenodigd", "antwoord", "opmerking", "beantwoord"),
        ),
        "voorwaarden": Regel(_q(b, "persoon", "auteur")),
        "actieplannen": Regel(alles if hoofd else _q(b, "aanspreekpunt")),
        "afspraken": Regel(alles if hoofd else in_afspraak, None, ("wie", "invallers")),
        "akkoorden": Regel(_q(b, "persoon", "user")),
        "voortgang": Regel(
            alles
            if hoofd
            else _q(b, "afspraak__wie")
            | _q(b, "afspraak__invallers")
            | _q(b, user="gewijzigd_door")
        ),
        "statuswijzigingen": Regel(_q(b, user="user")),
        "planversies": Regel(
            _q(b, user="user"), ("id", "plan", "nummer", "tijd", "user", "naam", "omschrijving")
        ),
        "overleggen": Regel(_q(b, "aanwezig"), ("id", "plan", "datum", "waar", "volgende"), ()),
        "lidinstellingen": Regel(_q(b, user="deelname__user"), ("deelname", "mail")),
        "herinneringen": Regel(_q(b, user="user")),
    }


# --- Gathering ---------------------------------------------------------------------------


@dataclass
class Onderdeel:
    """The rows of one kind, as plain values (ids for people, names for logins)."""

    soort: Soort
    velden: list[models.Field]
    m2m: list[models.ManyToManyField]
    rijen: list[dict] = field(default_factory=list)

    @property
    def titel(self) -> str:
        return str(self.soort.model._meta.verbose_name_plural).capitalize()


@dataclass
class Export:
    soort: str  # "netwerk" or "persoon"
    netwerk: Netwerk
    gemaakt: datetime
    onderdelen: list[Onderdeel]
    log: list[dict]
    bestanden: list[str]
    betrokkene: Betrokkene | None = None
    met_adressen: bool = False
    andere_personen: list[dict] = field(default_factory=list)
    # id -> name of every Persoon the export names, for the PDF.
    namen: dict[int, str] = field(default_factory=dict)

    def als_dict(self) -> dict:
        data: dict = {
            "schema": SCHEMA,
            "schema_versie": SCHEMA_VERSIE,
            "soort": self.soort,
            "gemaakt": self.gemaakt,
            "netwerk": {
                "id": self.netwerk.pk,
                "titel": self.netwerk.titel,
                "organisatie": str(self.netwerk.organisatie),
                "created": self.netwerk.created,
                "gearchiveerd": self.netwerk.gearchiveerd,
            },
        }
        if self.betrokkene is not None:
            data["over"] = {
                "persoon": self.betrokkene.persoon.pk if self.betrokkene.persoon else None,
                "naam": self.betrokkene.naam,
            }
            data["andere_personen"] = self.andere_personen
        per_app: dict[str, dict] = {app: {} for app in APPS}
        for onderdeel in self.onderdelen:
            per_app[onderdeel.soort.app][onderdeel.soort.sleutel] = onderdeel.rijen
        data["onderdelen"] = per_app
        data["toegangslog"] = self.log
        data["bestanden"] = self.bestanden
        return data

    def json(self) -> bytes:
        return json.dumps(
            self.als_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        ).encode()

    def per_app(self) -> list[tuple[str, list[Onderdeel]]]:
        return [
            (str(APP_TITELS[app]), [o for o in self.onderdelen if o.soort.app == app])
            for app in APPS
        ]


def _lees(soort: Soort, netwerk: Netwerk, regel: Regel | None) -> tuple[Onderdeel, models.QuerySet]:
    model = soort.model
    velden = _velden(model)
    m2m = _m2m(model)
    if regel is not None and regel.velden is not None:
        velden = [f for f in velden if f.name in regel.velden or f.primary_key]
    if regel is not None and regel.m2m is not None:
        m2m = [f for f in m2m if f.name in regel.m2m]
    qs = model._default_manager.filter(netwerk=netwerk)
    if regel is not None:
        qs = qs.filter(regel.filter).distinct()
    qs = qs.order_by("pk")
    onderdeel = Onderdeel(soort, velden, m2m)
    for rij in qs.values(*[f.attname for f in velden]):
        onderdeel.rijen.append({f.name: rij[f.attname] for f in velden})
    if m2m and onderdeel.rijen:
        per_pk = {rij[model._meta.pk.name]: rij for rij in onderdeel.rijen}
        for veld in m2m:
            for rij in onderdeel.rijen:
                rij[veld.name] = []
            through = veld.remote_field.through
            van, naar = veld.m2m_column_name(), veld.m2m_reverse_name()
            paren = (
                through._default_manager.filter(**{f"{van}__in": qs.values("pk")})
                .order_by(van, naar)
                .values_list(van, naar)
            )
            for bron, doel in paren:
                per_pk[bron][veld.name].append(doel)
    return onderdeel, qs


def _naar_persoon(veld: models.Field) -> bool:
    return getattr(veld, "related_model", None) is Persoon


def _naar_user(veld: models.Field) -> bool:
    return getattr(veld, "related_model", None) is User


def _namen_van_logins(onderdelen: list[Onderdeel], extra: set[int]) -> dict[int, str]:
    ids = set(extra)
    for o in onderdelen:
        for veld in o.velden:
            if _naar_user(veld):
                ids.update(r[veld.name] for r in o.rijen if r[veld.name] is not None)
    if not ids:
        return {}
    return {
        u.pk: str(u)
        for u in User.objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    }


def _logins_als_namen(onderdelen: list[Onderdeel], namen: dict[int, str]) -> None:
    """A login is an account number inside the app; the export names the person."""
    for o in onderdelen:
        for veld in o.velden:
            if _naar_user(veld):
                for rij in o.rijen:
                    if rij[veld.name] is not None:
                        rij[veld.name] = namen.get(rij[veld.name], "")


def _log(
    netwerk: Netwerk, user_ids: tuple[int, ...] | None, *, met_adressen: bool = False
) -> list[dict]:
    """The Netwerk's access log, newest first; for one person only their own lines. The
    addresses they came from only when they ask themselves (nobody else's business)."""
    regels = Toegangslog.objects.filter(netwerk_ref=netwerk.pk)
    if user_ids is not None:
        regels = regels.filter(user_id__in=user_ids)
    velden = ["tijd", "actie", "user_id", "gebruikersnaam", "rol", "uitkomst", "onderwerp"]
    if met_adressen:
        velden.append("adres")
    rijen = list(regels.order_by("-tijd", "-pk").values(*velden))
    return rijen


def _log_namen(rijen: list[dict], namen: dict[int, str]) -> None:
    for rij in rijen:
        user_id = rij.pop("user_id")
        naam = namen.get(user_id, "") if user_id else ""
        rij["wie"] = naam or rij.pop("gebruikersnaam")
        rij.pop("gebruikersnaam", None)


def netwerk_export(netwerk: Netwerk) -> Export:
    """Everything of the Netwerk (right EXPORTEREN). Queries: one per kind in REGISTER,
    one per many-to-many field, the log, and the names of the logins."""
    onderdelen = [_lees(soort, netwerk, None)[0] for soort in REGISTER]
    log = _log(netwerk, None)
    namen = _namen_van_logins(onderdelen, {r["user_id"] for r in log if r["user_id"]})
    _logins_als_namen(onderdelen, namen)
    _log_namen(log, namen)
    personen = next(o for o in onderdelen if o.soort.model is Persoon)
    return Export(
        soort="netwerk",
        netwerk=netwerk,
        gemaakt=timezone.now(),
        onderdelen=onderdelen,
        log=log,
        bestanden=sorted(r["foto"] for r in personen.rijen if r["foto"]),
        namen={r["id"]: r["naam"] for r in personen.rijen},
    )


def betrokkene_voor(netwerk: Netwerk, persoon: Persoon | None, user=None) -> Betrokkene:
    """The person an export is about: a Persoon and the logins in this Netwerk that are
    them (every Deelname with that Persoon), or a login without a Persoon (a facilitator)."""
    user_ids: set[int] = set()
    if user is not None:
        user_ids.add(user.pk)
    if persoon is not None:
        user_ids.update(
            Deelname.objects.filter(netwerk=netwerk, persoon=persoon).values_list(
                "user_id", flat=True
            )
        )
    return Betrokkene(
        persoon=persoon,
        user_ids=tuple(sorted(user_ids)),
        hoofdpersoon=persoon is not None and persoon.is_hoofdpersoon,
    )


def _eigen_momenten(onderdeel: Onderdeel, persoon_id: int | None) -> None:
    for rij in onderdeel.rijen:
        rij["personen"] = [p for p in rij["personen"] if p.get("id") == persoon_id]
    onderdeel.rijen[:] = [r for r in onderdeel.rijen if r["personen"]]


def persoon_export(netwerk: Netwerk, betrokkene: Betrokkene, *, zelf: bool = False) -> Export:
    """What the Netwerk holds about one person (see the module docstring for the rule).
    `zelf`: the person asks for it themselves, so the addresses of their log lines come
    too (the hoofdpersoon exporting someone else's part does not see them).
    Queries: one per kind in REGISTER that concerns people, one per many-to-many field,
    the log, the other people's names and the logins' names."""
    regels = persoon_regels(betrokkene)
    onderdelen = []
    for soort in REGISTER:
        regel = regels[soort.sleutel]
        if regel is None:
            continue
        onderdeel, _qs = _lees(soort, netwerk, regel)
        if soort.model is Momentopname:
            _eigen_momenten(onderdeel, betrokkene.persoon.pk if betrokkene.persoon else None)
        onderdelen.append(onderdeel)
    log = _log(netwerk, betrokkene.user_ids, met_adressen=zelf)
    namen = _namen_van_logins(onderdelen, {r["user_id"] for r in log if r["user_id"]})
    _logins_als_namen(onderdelen, namen)
    _log_namen(log, namen)

    # Other people: only their names, and only where a row of this export names them.
    eigen_id = betrokkene.persoon.pk if betrokkene.persoon else None
    genoemd: set[int] = set()
    for o in onderdelen:
        for veld in [*o.velden, *o.m2m]:
            if _naar_persoon(veld) and not veld.primary_key:
                for rij in o.rijen:
                    waarde = rij.get(veld.name)
                    genoemd.update(waarde if isinstance(waarde, list) else [waarde])
    genoemd.discard(None)
    genoemd.discard(eigen_id)
    andere = list(
        Persoon.objects.filter(netwerk=netwerk, pk__in=genoemd).order_by("pk").values("id", "naam")
    )
    namen_personen = {p["id"]: p["naam"] for p in andere}
    if betrokkene.persoon is not None:
        namen_personen[eigen_id] = betrokkene.persoon.naam
    bestanden = [
        r["foto"] for o in onderdelen if o.soort.model is Persoon for r in o.rijen if r["foto"]
    ]
    return Export(
        soort="persoon",
        netwerk=netwerk,
        gemaakt=timezone.now(),
        onderdelen=onderdelen,
        log=log,
        bestanden=bestanden,
        betrokkene=betrokkene,
        met_adressen=zelf,
        andere_personen=andere,
        namen=namen_personen,
    )


# --- Files -------------------------------------------------------------------------------


def zip_met_fotos(export: Export) -> bytes:
    """The JSON file and every photo it names, in one zip (photos under their own names)."""
    personen = {
        p.foto.name: p
        for p in Persoon.objects.filter(netwerk=export.netwerk, foto__in=export.bestanden)
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("gegevens.json", export.json())
        for naam in export.bestanden:
            persoon = personen.get(naam)
            if persoon is None:
                continue
            try:
                with persoon.foto.open("rb") as bestand:
                    archief.writestr(naam, bestand.read())
            except FileNotFoundError:
                continue  # a photo missing from storage: the JSON still names it
    return buffer.getvalue()


# --- The PDF -----------------------------------------------------------------------------


@dataclass
class Tabel:
    """One kind of row as the PDF shows it: few columns as one table, many as one small
    table per row (label, value), leaving out what is empty."""

    titel: str
    kolommen: list[str]
    rijen: list[list[str]]
    per_rij: list[list[tuple[str, str]]]

    @property
    def aantal(self) -> int:
        return len(self.rijen) + len(self.per_rij)


def _tekst(waarde, veld: models.Field | None, namen: dict[int, str]) -> str:
    if waarde is None or waarde == "" or waarde == []:
        return ""
    if veld is not None and _naar_persoon(veld) and not veld.primary_key:
        if isinstance(waarde, list):
            return ", ".join(namen.get(w, f"nr. {w}") for w in waarde)
        return namen.get(waarde, f"nr. {waarde}")
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if veld is not None and veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(waarde, datetime):
        return date_format(timezone.localtime(waarde), "j F Y H:i")
    if isinstance(waarde, date):
        return date_format(waarde, "j F Y")
    if isinstance(waarde, list):
        delen = []
        for item in waarde:
            if isinstance(item, dict):
                delen.append(str(item.get("naam") or item.get("wat") or item.get("id") or ""))
            else:
                delen.append(str(item))
        return "; ".join(d for d in delen if d)
    if veld is not None and veld.is_relation and not _naar_user(veld):
        return f"nr. {waarde}"
    return str(waarde)


# Fields the models leave without a Dutch name.
LABELS = {
    "created": gettext_lazy("Toegevoegd op"),
    "created_by": gettext_lazy("Toegevoegd door"),
    "user": gettext_lazy("Login"),
    "gemaakt_door": gettext_lazy("Gemaakt door"),
    "vastgelegd_door": gettext_lazy("Vastgelegd door"),
    "beantwoord_door": gettext_lazy("Beantwoord door"),
    "gewijzigd_door": gettext_lazy("Gewijzigd door"),
    "gewijzigd_naam": gettext_lazy("Gewijzigd door (naam)"),
    "agenda_gemaakt": gettext_lazy("Agendalink gemaakt op"),
}
# Counters the app keeps for itself: in the JSON file, not in the document to read.
TECHNISCH = {"versie", "stempel", "inhoud", "planstand"}


def _label(veld: models.Field) -> str:
    if veld.primary_key and not veld.is_relation:
        return _("Nr.")
    return str(LABELS.get(veld.name, veld.verbose_name)).capitalize()


MAX_KOLOMMEN = 4


def tabellen(onderdeel: Onderdeel, namen: dict[int, str]) -> Tabel:
    velden = [v for v in [*onderdeel.velden, *onderdeel.m2m] if v.name not in TECHNISCH]
    tabel = Tabel(onderdeel.titel, [_label(v) for v in velden], [], [])
    for rij in onderdeel.rijen:
        teksten = [_tekst(rij.get(v.name), v, namen) for v in velden]
        if len(velden) <= MAX_KOLOMMEN:
            tabel.rijen.append(teksten)
        else:
            tabel.per_rij.append(
                [(label, t) for label, t in zip(tabel.kolommen, teksten, strict=True) if t]
            )
    return tabel


def maak_pdf(export: Export) -> bytes:
    """The export as a readable A4 document: one section per part, one table per kind."""
    delen = [
        (titel, [tabellen(o, export.namen) for o in onderdelen])
        for titel, onderdelen in export.per_app()
    ]
    acties = dict(Toegangslog.Actie.choices)
    rollen = dict(Rol.choices)
    uitkomsten = dict(Toegangslog.Uitkomst.choices)
    log = [
        {
            **regel,
            "actie_tekst": str(acties.get(regel["actie"], regel["actie"])),
            "rol_tekst": str(rollen.get(regel["rol"], regel["rol"])),
            "uitkomst_tekst": str(uitkomsten.get(regel["uitkomst"], regel["uitkomst"])),
        }
        for regel in export.log[:PDF_LOG_REGELS]
    ]
    html = render_to_string(
        "privacy/export_pdf.html",
        {
            "export": export,
            "netwerk": export.netwerk,
            "delen": delen,
            "log": log,
            "log_ingekort": len(export.log) > PDF_LOG_REGELS,
            "pdf_log_regels": PDF_LOG_REGELS,
        },
    )
    # No photos in this document: the fetcher refuses every address, so nothing is fetched.
    return HTML(string=html, base_url=BASIS, url_fetcher=LokaleBestanden([])).write_pdf()
