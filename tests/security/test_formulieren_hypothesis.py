"""Property-based tests over every form of the app.

Whatever a person (or a broken phone, or an attacker) sends, a form answers: valid, or
invalid with Dutch messages and the input kept, so the page can show it again. It never
raises. And what people really write (Zoë, Çelik, Ağ, emoji, Arabic, a long story) is
accepted wherever a field takes free text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actieteam.forms.bijsturen import BijsturenForm, nieuwe_sleutel
from actieteam.forms.instellingen import MailForm
from actieteam.forms.overleg import OverlegForm
from actieteam.forms.status import StatusForm
from actieteam.models import Lidinstelling, Overleg
from beraad.forms import plan as plan_forms
from beraad.forms import uitnodigen as uitnodigen_forms
from beraad.forms import voorbereiding as voorbereiding_forms
from beraad.models import Actieplan, Afspraak, Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from netwerkkompas.forms import balans, buurtkaart, genogram, groslijst, kaarten, verhaal
from netwerkkompas.models import Momentopname, Perspectief, Plek, Verhaal
from privacy.views.logboek import FilterForm, Wie
from privacy.views.wissen import BevestigForm
from sonestra.core import forms as core_forms
from sonestra.core.models import Netwerk, Persoon
from sonestra.core.roles import Rol
from sonestra.core.tweestaps import CodeForm

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Django's own English messages, and the words they are made of: none may reach a person.
ENGELS = re.compile(
    r"\b(This field|Enter a|Enter an|Select a|Ensure this|Ensure that|is not one of|"
    r"Null characters|is required|valid|value|characters|digits|Please)\b"
)


@dataclass
class Ctx:
    """The objects forms are made with, all in the fixture Netwerk."""

    netwerk: Netwerk
    personen: list[Persoon]
    persoon: Persoon
    beraad: Beraad
    plan: Actieplan
    vraag: Vraag
    voorwaarde: Voorwaarde
    informatie: Informatie
    genodigde: Genodigde
    afspraak: Afspraak
    overleg: Overleg
    instelling: Lidinstelling
    momenten: list[Momentopname]
    user: object


def _afspraak_kw(c: Ctx) -> dict:
    return {"vragen": [c.vraag], "personen": c.personen, "voorwaarden": [c.voorwaarde]}


# Every form class of the app, with how a view makes it (data -> form).
FORMS: list[tuple[type[forms.BaseForm], Callable[[QueryDict, Ctx], forms.BaseForm]]] = [
    (core_forms.NetwerkForm, lambda d, c: core_forms.NetwerkForm(d)),
    (
        core_forms.NetwerkWijzigenForm,
        lambda d, c: core_forms.NetwerkWijzigenForm(d, instance=c.netwerk),
    ),
    (
        core_forms.UitnodigingForm,
        lambda d, c: core_forms.UitnodigingForm(d, netwerk=c.netwerk, rol=Rol.FACILITATOR),
    ),
    (
        core_forms.LoginForm,
        lambda d, c: core_forms.LoginForm(RequestFactory().post("/inloggen/"), data=d),
    ),
    (core_forms.LoginLinkRequestForm, lambda d, c: core_forms.LoginLinkRequestForm(d)),
    (core_forms.AccountForm, lambda d, c: core_forms.AccountForm(d, instance=c.user)),
    (balans.MomentopnameForm, lambda d, c: balans.MomentopnameForm(d)),
    (balans.VergelijkForm, lambda d, c: balans.VergelijkForm(d, c.momenten)),
    (
        buurtkaart.PlekForm,
        lambda d, c: buurtkaart.PlekForm(d, netwerk=c.netwerk, instance=Plek(netwerk=c.netwerk)),
    ),
    (
        genogram.RelatieForm,
        lambda d, c: genogram.RelatieForm(d, netwerk=c.netwerk),
    ),
    (groslijst.PersoonSnelForm, lambda d, c: groslijst.PersoonSnelForm(d)),
    (groslijst.PersoonRijForm, lambda d, c: groslijst.PersoonRijForm(d, instance=c.persoon)),
    (groslijst.PersoonForm, lambda d, c: groslijst.PersoonForm(d, instance=c.persoon)),
    (groslijst.ZelfForm, lambda d, c: groslijst.ZelfForm(d, instance=c.persoon)),
    (groslijst.GroslijstFilter, lambda d, c: groslijst.GroslijstFilter(d)),
    (kaarten.TalentForm, lambda d, c: kaarten.TalentForm(d, personen=c.personen)),
    (kaarten.OndersteuningForm, lambda d, c: kaarten.OndersteuningForm(d, personen=c.personen)),
    (kaarten.ComplimentForm, lambda d, c: kaarten.ComplimentForm(d, personen=c.personen)),
    (
        verhaal.VerhaalForm,
        lambda d, c: verhaal.VerhaalForm(
            d,
            instance=Verhaal(netwerk=c.netwerk),
            mag_zichtbaarheid=True,
            hoofdpersoon="Zoë",
            eigen=True,
        ),
    ),
    (
        verhaal.PerspectiefForm,
        lambda d, c: verhaal.PerspectiefForm(
            d, instance=Perspectief(netwerk=c.netwerk, auteur=c.user), hoofdpersoon="Zoë"
        ),
    ),
    (
        verhaal.ZichtbaarheidForm,
        lambda d, c: verhaal.ZichtbaarheidForm(d, verhaal=None, perspectieven=[]),
    ),
    (
        plan_forms.AfspraakForm,
        lambda d, c: plan_forms.AfspraakForm(
            d, instance=Afspraak(netwerk=c.netwerk, plan=c.beraad.plan), **_afspraak_kw(c)
        ),
    ),
    (
        plan_forms.AfsluitenForm,
        lambda d, c: plan_forms.AfsluitenForm(d, instance=c.beraad.plan, personen=c.personen),
    ),
    (
        uitnodigen_forms.KiesGenodigdenForm,
        lambda d, c: uitnodigen_forms.KiesGenodigdenForm(
            d, kiesbaar=Persoon.objects.in_netwerk(c.netwerk)
        ),
    ),
    (
        uitnodigen_forms.NietUitnodigenForm,
        lambda d, c: uitnodigen_forms.NietUitnodigenForm(
            d, kiesbaar=Persoon.objects.in_netwerk(c.netwerk), mag_reden=True
        ),
    ),
    (
        uitnodigen_forms.GenodigdeForm,
        lambda d, c: uitnodigen_forms.GenodigdeForm(d, instance=c.genodigde, mag_reden=True),
    ),
    (
        uitnodigen_forms.AntwoordForm,
        lambda d, c: uitnodigen_forms.AntwoordForm(d, instance=c.genodigde),
    ),
    (voorbereiding_forms.NieuwBeraadForm, lambda d, c: voorbereiding_forms.NieuwBeraadForm(d)),
    (
        voorbereiding_forms.VraagForm,
        lambda d, c: voorbereiding_forms.VraagForm(
            d, instance=Vraag(netwerk=c.netwerk, beraad=c.beraad)
        ),
    ),
    (voorbereiding_forms.VerwijderenForm, lambda d, c: voorbereiding_forms.VerwijderenForm(d)),
    (
        voorbereiding_forms.InformatieForm,
        lambda d, c: voorbereiding_forms.InformatieForm(
            d, instance=Informatie(netwerk=c.netwerk, beraad=c.beraad), personen=c.personen
        ),
    ),
    (
        voorbereiding_forms.AntwoordForm,
        lambda d, c: voorbereiding_forms.AntwoordForm(
            d, instance=c.informatie, personen=c.personen
        ),
    ),
    (
        voorbereiding_forms.WaarWanneerForm,
        lambda d, c: voorbereiding_forms.WaarWanneerForm(d, instance=c.beraad),
    ),
    (
        voorbereiding_forms.VoorwaardeForm,
        lambda d, c: voorbereiding_forms.VoorwaardeForm(d, instance=c.voorwaarde),
    ),
    (
        BijsturenForm,
        lambda d, c: BijsturenForm(
            d,
            instance=Afspraak(netwerk=c.netwerk, plan=c.plan),
            vragen=[c.vraag],
            personen=c.personen,
            voorwaarden=[],
        ),
    ),
    (MailForm, lambda d, c: MailForm(d, instance=c.instelling)),
    (OverlegForm, lambda d, c: OverlegForm(d, instance=c.overleg, personen=c.personen)),
    (StatusForm, lambda d, c: StatusForm(d)),
    (
        FilterForm,
        lambda d, c: FilterForm(d, mensen={c.user.pk: Wie(c.user.pk, "Els", "supporter")}),
    ),
    (BevestigForm, lambda d, c: BevestigForm(d, titel=c.netwerk.titel)),
    (CodeForm, lambda d, c: CodeForm(d)),
]


def tekstvelden(cls: type[forms.BaseForm]) -> list[str]:
    """The free-text fields a form class declares (not choices, not hidden bookkeeping)."""
    velden = dict(cls.base_fields)
    return [
        naam
        for naam, veld in velden.items()
        if type(veld) is forms.CharField and not isinstance(veld.widget, forms.HiddenInput)
    ]


@pytest.fixture
def ctx(netwerk, hoofdpersoon, supporter, facilitator, teamplan) -> Ctx:
    from tests.conftest import make_teamafspraak

    personen = list(Persoon.objects.in_netwerk(netwerk).order_by("pk"))
    beraad = Beraad.objects.create(netwerk=netwerk)
    Actieplan.objects.create(netwerk=netwerk, beraad=beraad)
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Hoe woon ik?")
    deelname = supporter.deelnames.get()
    return Ctx(
        netwerk=netwerk,
        personen=personen,
        persoon=personen[-1],
        beraad=beraad,
        plan=teamplan,
        vraag=vraag,
        voorwaarde=Voorwaarde.objects.create(
            netwerk=netwerk, beraad=beraad, tekst="Elke week de post.", auteur=facilitator
        ),
        informatie=Informatie.objects.create(netwerk=netwerk, beraad=beraad, onderwerp="Geld"),
        genodigde=Genodigde.objects.create(netwerk=netwerk, beraad=beraad, persoon=personen[-1]),
        afspraak=make_teamafspraak(teamplan),
        overleg=Overleg.objects.create(
            netwerk=netwerk, plan=teamplan, datum=timezone.now() - timedelta(days=2)
        ),
        instelling=Lidinstelling.objects.create(deelname=deelname, netwerk=netwerk),
        momenten=[Momentopname.maak(netwerk, naam="Begin")],
        user=supporter,
    )


def _namen(form: forms.BaseForm) -> dict[str, list[str]]:
    """Every name the form reads from a POST, with the valid choices where it has them."""
    namen: dict[str, list[str]] = {}
    for bound in form:
        keuzes = [str(k) for k, _ in getattr(bound.field, "choices", []) if str(k)]
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix in widget.widgets_names:
                namen[bound.html_name + suffix] = []
        else:
            namen[bound.html_name] = keuzes
    return namen


TEKST = st.one_of(
    st.text(max_size=40),
    st.text(max_size=3000),
    st.sampled_from(["Zoë", "Çelik", "Ağ", "😀👍🏽", "مرحبا", "a\x00b", " ", "\r\n", "-1", "0"]),
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.times().map(lambda t: t.strftime("%H:%M")),
)


@st.composite
def formdata(draw, namen: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for naam, keuzes in namen.items():
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # left out, as a hand-made request would
        waarde = st.sampled_from(keuzes) | TEKST if keuzes else TEKST
        data.setlist(naam, draw(st.lists(waarde, min_size=1, max_size=3 if keuzes else 1)))
    return data


def assert_nederlands(form: forms.BaseForm) -> None:
    for veld, fouten in form.errors.items():
        for fout in fouten:
            assert not ENGELS.search(fout), f"{type(form).__name__}.{veld}: {fout!r}"


@pytest.mark.parametrize(
    "cls,maak", FORMS, ids=[cls.__module__ + "." + c.__name__ for c, _ in FORMS for cls in [c]]
)
def test_no_input_makes_a_form_raise(db, ctx, cls, maak):
    namen = _namen(maak(None, ctx))

    @HYPOTHESIS
    @given(data=formdata(namen))
    def check(data: QueryDict) -> None:
        with translation.override("nl"):
            form = maak(data.copy(), ctx)
            geldig = form.is_valid()
            if not geldig:
                assert_nederlands(form)
                # What the person typed is kept (hidden bookkeeping may be renewed).
                for naam in tekstvelden(cls):
                    sleutel = form.add_prefix(naam)
                    assert form.data.getlist(sleutel) == data.getlist(sleutel), naam

    check()


LEGITIEM = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"), include_characters="\n"),
    min_size=1,
)
VOORBEELDEN = [
    "Zoë",
    "Çelik",
    "Ağ",
    "Oma zegt: “goed zo!” 😀👍🏽",
    "مرحبا يا جدتي",
    "Ik woon sinds 2019 in Utrecht.\nDat gaat niet altijd goed.",
]


def _vrije_tekst(c: Ctx) -> list[tuple[str, str, forms.Field]]:
    gevonden = []
    for cls, maak in FORMS:
        form = maak(None, c)
        for naam in tekstvelden(cls):
            if naam in form.fields and not isinstance(form.fields[naam], forms.EmailField):
                gevonden.append((cls.__name__, naam, form.fields[naam]))
    return gevonden


def test_legitimate_text_is_accepted_in_every_free_text_field(db, ctx):
    velden = _vrije_tekst(ctx)
    assert len(velden) >= 25

    @HYPOTHESIS
    @given(tekst=LEGITIEM, voorbeeld=st.sampled_from(VOORBEELDEN), lang=st.booleans())
    def check(tekst: str, voorbeeld: str, lang: bool) -> None:
        for vorm, naam, veld in velden:
            maximum = veld.max_length or 20_000
            waarde = (voorbeeld + " " + tekst) if not lang else (voorbeeld + " ") * 2000
            waarde = waarde[:maximum]
            if not waarde.strip():
                continue
            try:
                veld.clean(waarde)
            except forms.ValidationError as fout:
                pytest.fail(f"{vorm}.{naam} refuses {waarde[:40]!r}: {fout.messages}")

    check()


def test_longer_than_allowed_gets_a_dutch_message_and_keeps_the_text(db, ctx):
    for cls, maak in FORMS:
        form = maak(None, ctx)
        for naam in tekstvelden(cls):
            veld = form.fields.get(naam)
            if veld is None or not veld.max_length:
                continue
            te_lang = "Zoë 😀 " * (veld.max_length // 4 + 2)
            data = QueryDict(mutable=True)
            data[form.add_prefix(naam)] = te_lang
            with translation.override("nl"):
                gebonden = maak(data, ctx)
                assert not gebonden.is_valid()
                assert naam in gebonden.errors, (cls.__name__, naam)
                assert_nederlands(gebonden)
                assert gebonden[naam].value() == te_lang


# --- Through the views ------------------------------------------------------------------

VRIJ = st.one_of(st.text(max_size=200), st.text(min_size=1, max_size=5000))


def _pagina_toont(response, tekst: str) -> None:
    html = response.content.decode()
    if tekst.strip():
        # The text the person typed comes back (escaped, line ends as the browser sent them).
        assert escape(tekst.strip()[:30]) in html or escape(tekst[:30]) in html


def assert_nederlandse_pagina(response, tekst: str) -> None:
    """The words a person reads on the page (not the markup, not their own text)."""
    html = response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]
    for getypt in (escape(tekst), escape(tekst.strip()), escape(tekst[:100])):
        if getypt:
            html = html.replace(getypt, " ")
    zichtbaar = re.sub(r"<[^>]*>", " ", html)
    assert not ENGELS.search(zichtbaar), ENGELS.search(zichtbaar)


@pytest.fixture
def team(netwerk, facilitator, supporter, teamplan):
    from actieteam.team import eerste_versie
    from tests.conftest import make_teamafspraak

    afspraak = make_teamafspraak(teamplan, wie=[supporter.deelnames.get().persoon])
    eerste_versie(teamplan)
    return teamplan, afspraak


VIEWS = ["groslijst", "afspraak", "status", "compliment", "overleg"]


def _post(naam: str, netwerk, teamplan, afspraak, tekst: str) -> tuple[str, dict, str]:
    """(url, data, the field the text went in)."""
    n = netwerk.pk
    if naam == "groslijst":
        return reverse("netwerkkompas:personen", args=[n]), {"naam": tekst}, "naam"
    if naam == "compliment":
        return reverse("netwerkkompas:rondje_positief", args=[n]), {"tekst": tekst}, "tekst"
    if naam == "afspraak":
        data = {
            "vraag": teamplan.test_vraag.pk,
            "soort": "1",
            "wat": tekst,
            "wanneer": tekst[:50],
            "sleutel": nieuwe_sleutel(),
        }
        return reverse("actieteam:afspraak_nieuw", args=[n]), data, "wat"
    if naam == "status":
        url = reverse("actieteam:status", args=[n, afspraak.pk])
        return url, {"status": "bezig", "notitie": tekst, "versie": "x"}, "notitie"
    dag = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = {"datum_0": dag, "datum_1": "25:99", "waar": tekst[:100], "notities": tekst}
    return reverse("actieteam:overleggen", args=[n]), data, "notities"


@pytest.mark.parametrize("naam", VIEWS)
def test_views_never_answer_500_and_keep_the_text(db, netwerk, facilitator, team, naam):
    teamplan, afspraak = team
    client = Client(raise_request_exception=True)
    client.force_login(facilitator)

    @HYPOTHESIS
    @given(tekst=VRIJ)
    def check(tekst: str) -> None:
        url, data, veld = _post(naam, netwerk, teamplan, afspraak, tekst)
        response = client.post(url, data)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            # Not saved: the form is back with what was typed and a Dutch message.
            _pagina_toont(response, data[veld])
            assert_nederlandse_pagina(response, data[veld])

    check()
