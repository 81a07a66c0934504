"""The benchmark's data: a caseload of 1,000 Netwerken and the demo at two sizes.

- `maak_netwerken()`: an organisation's Netwerken in every phase, the way a real caseload
  spreads (status data only: people, beraden, plans, afspraken, voortgang, overleggen).
- `krimp()` and `groei()`: Marieke's demo Netwerk cut back to 5 people, and grown to 150
  people, 40 afspraken and a year of history, so one run measures every page at both sizes.

Works on any database; `manage.py bench` (sonestra/core/management/commands/bench.py) and
`bench/organisatie.py` call it. Only ever on a database of the benchmark's own.
"""

from __future__ import annotations

import random
from datetime import timedelta

VOORNAMEN = (
    *("Marieke", "Ahmed", "Sevda", "Joost", "Ria", "Truus", "Emre", "Fatima", "Kees", "Noor"),
    *("Daan", "Lotte", "Mo", "Anouk", "Jan", "Els", "Bram", "Yara", "Sanne", "Piet", "Iris"),
    *("Youssef", "Ayla", "Henk", "Wilma", "Tim", "Zeynep", "Bas", "Fleur", "Karim"),
)
ACHTERNAMEN = (
    *("Bakker", "Jansen", "de Vries", "van Dijk", "Visser", "Smit", "Meijer", "de Boer"),
    *("Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Yilmaz", "El Amrani"),
    *("Kaya", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits"),
)

# What people in a network write, in their words: for afspraken, talents and notes.
AFSPRAAK_TEKSTEN = (
    "komt elke zondag een uur langs en kijkt samen met Marieke de post door",
    "belt om de dag even op, aan het eind van de middag",
    "gaat op zaterdag mee boodschappen doen bij de Jumbo",
    "helpt met het invullen van de formulieren van de gemeente",
    "neemt Marieke om de week mee naar volleybal",
    "maakt samen een weekmenu en een boodschappenlijstje",
    "zoekt samen met Marieke een vrijwilligersbaan in de buurt",
    "brengt Marieke op dinsdag naar de dagbesteding",
)
TALENTEN = (
    "koken voor veel mensen",
    "luisteren",
    "fietsen repareren",
    "met geld omgaan",
    "formulieren invullen",
    "tuinieren",
    "grappen maken",
    "rijdt auto",
)


def naam(rng: random.Random) -> str:
    return f"{rng.choice(VOORNAMEN)} {rng.choice(ACHTERNAMEN)}"


def maak_netwerken(org, andere, aantal: int, rng: random.Random) -> None:
    """`aantal` Netwerken of `org` (and a twentieth as many of `andere`), in every phase:
    about 15% still in the Netwerkkompas, 10% preparing a beraad, 3% in a live beraad, the
    rest in the Actieteam with a closed plan of 5 to 20 afspraken."""
    from django.db import transaction
    from django.utils import timezone

    from actieteam.models import Overleg, Status, Voortgang
    from beraad.models import Actieplan, Afspraak, Beraad, Vraag
    from sonestra.core.models import Netwerk, Persoon

    nu = timezone.now()
    vandaag = timezone.localdate()
    with transaction.atomic():
        netwerken = Netwerk.objects.bulk_create(
            [
                Netwerk(
                    titel=f"Het netwerk van {naam(rng)}",
                    organisatie=org if i < aantal else andere,
                    gearchiveerd=nu - timedelta(days=rng.randint(1, 300))
                    if rng.random() < 0.04
                    else None,
                )
                for i in range(aantal + aantal // 20)
            ]
        )
        personen = []
        for netwerk in netwerken:
            personen.append(Persoon(netwerk=netwerk, naam=naam(rng), is_hoofdpersoon=True))
            for _ in range(rng.randint(6, 18)):
                soort = rng.choices(
                    [s.value for s in Persoon.Soort], weights=[30, 20, 15, 10, 5, 20]
                )[0]
                personen.append(Persoon(netwerk=netwerk, naam=naam(rng), soort=soort))
        personen = Persoon.objects.bulk_create(personen)
        per_netwerk: dict[int, list[Persoon]] = {}
        for persoon in personen:
            per_netwerk.setdefault(persoon.netwerk_id, []).append(persoon)

        beraden, plannen, vragen, overleggen = [], [], [], []
        # (netwerk, beraad, plan) for the closed plans, filled below.
        gesloten = []
        for netwerk in netwerken:
            kans = rng.random()
            if kans < 0.15:
                continue  # still in the Netwerkkompas
            if kans < 0.25:
                b = Beraad(netwerk=netwerk, datum=nu + timedelta(days=rng.randint(-5, 60)))
                beraden.append((b, None))
                continue
            if kans < 0.28:
                b = Beraad(netwerk=netwerk, fase=rng.choice(Beraad.LIVE_FASEN), datum=nu)
                beraden.append((b, None))
                continue
            # The Actieteam: one or two closed beraden, mostly a vervolgberaad prepared.
            for ronde in range(2 if rng.random() < 0.3 else 1):
                toen = nu - timedelta(days=rng.randint(20, 200) + 200 * (1 - ronde))
                b = Beraad(netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=toen, afgerond=toen)
                p = Actieplan(
                    netwerk=netwerk,
                    gepubliceerd=toen,
                    vastgesteld=toen,
                    planversie=1,
                    vervolgdatum=(nu + timedelta(days=rng.randint(-10, 90))).date(),
                )
                beraden.append((b, p))
                gesloten.append((netwerk, b, p))
            if rng.random() < 0.75:
                beraden.append(
                    (Beraad(netwerk=netwerk, datum=nu + timedelta(days=rng.randint(-10, 90))), None)
                )
            for _ in range(rng.randint(0, 4)):
                datum = nu + timedelta(days=rng.randint(-120, 30))
                volgende = (
                    datum + timedelta(days=rng.randint(14, 42)) if rng.random() < 0.7 else None
                )
                overleggen.append(Overleg(netwerk=netwerk, datum=datum, volgende=volgende))
        Beraad.objects.bulk_create([b for b, _ in beraden])
        for b, p in beraden:
            if p is not None:
                p.beraad = b
                plannen.append(p)
            elif b.fase != Beraad.Fase.AFGEROND:
                plannen.append(Actieplan(netwerk_id=b.netwerk_id, beraad=b))
        Actieplan.objects.bulk_create(plannen)
        Overleg.objects.bulk_create(overleggen)

        for netwerk, b, _p in gesloten:
            for volgorde in range(rng.randint(2, 4)):
                vragen.append(
                    Vraag(
                        netwerk=netwerk, beraad=b, tekst=f"Vraag {volgorde + 1}", volgorde=volgorde
                    )
                )
        vragen = Vraag.objects.bulk_create(vragen)
        vragen_per_beraad: dict[int, list[Vraag]] = {}
        for vraag in vragen:
            vragen_per_beraad.setdefault(vraag.beraad_id, []).append(vraag)

        afspraken = []
        for netwerk, b, p in gesloten:
            for i in range(rng.randint(5, 20)):
                afspraken.append(
                    Afspraak(
                        netwerk=netwerk,
                        plan=p,
                        vraag=rng.choice(vragen_per_beraad[b.pk]),
                        soort=rng.choices([1, 2, 3], weights=[60, 25, 15])[0],
                        wat=f"Afspraak {i + 1}",
                        klaar_op=vandaag + timedelta(days=rng.randint(-90, 120))
                        if rng.random() < 0.85
                        else None,
                        volgorde=i,
                        beeindigd=nu if rng.random() < 0.05 else None,
                    )
                )
        afspraken = Afspraak.objects.bulk_create(afspraken)
        statussen = [s.value for s in Status]
        Voortgang.objects.bulk_create(
            [
                Voortgang(
                    afspraak=a,
                    netwerk_id=a.netwerk_id,
                    status=rng.choices(statussen, weights=[15, 35, 40, 10])[0],
                    gewijzigd=nu - timedelta(days=rng.randint(0, 90)),
                    versie=rng.randint(1, 4),
                )
                for a in afspraken
                if rng.random() < 0.7
            ]
        )
        wie = Afspraak.wie.through
        wie.objects.bulk_create(
            [
                wie(afspraak_id=a.pk, persoon_id=rng.choice(per_netwerk[a.netwerk_id]).pk)
                for a in afspraken
            ]
        )


def krimp(netwerk, tot: int = 5) -> None:
    """Cut the demo Netwerk back to `tot` people: the hoofdpersoon and those with a login
    first, so every role still has its person. What hung on the others goes with them."""
    from sonestra.core.models import Deelname, Persoon

    met_login = set(
        Deelname.objects.filter(netwerk=netwerk, persoon__isnull=False).values_list(
            "persoon_id", flat=True
        )
    )
    mensen = Persoon.objects.filter(netwerk=netwerk).order_by("pk")
    houden = sorted(mensen, key=lambda p: (not p.is_hoofdpersoon, p.pk not in met_login, p.pk))
    houden = [p.pk for p in houden[:tot]]
    Persoon.objects.filter(netwerk=netwerk).exclude(pk__in=houden).delete()


def groei(netwerk, *, personen: int = 150, afspraken: int = 40, seed: int = 8) -> None:
    """Grow the Netwerk to `personen` people and its plan to `afspraken` afspraken, with a
    year of history: a status change every few days, a plan version each month, a monthly
    overleg, monthly momentopnamen, weekly balans and about 12,000 lines of access log."""
    from django.db import transaction
    from django.utils import timezone

    from actieteam import team
    from actieteam.models import Overleg, Planversie, Status, Statuswijziging, Voortgang
    from beraad.models import Afspraak, Voorwaarde
    from netwerkkompas.models import (
        Balansmeting,
        Compliment,
        Momentopname,
        Ondersteuning,
        Plek,
        Relatie,
        Talent,
    )
    from sonestra.core.models import Deelname, Persoon, Toegangslog, User
    from sonestra.core.roles import Rol

    rng = random.Random(seed)
    nu = timezone.now()
    vandaag = timezone.localdate()
    jaar_geleden = nu - timedelta(days=365)

    def ooit() -> timedelta:
        return timedelta(days=rng.randint(0, 364), minutes=rng.randint(0, 24 * 60))

    with transaction.atomic():
        bestaand = Persoon.objects.filter(netwerk=netwerk).count()
        soorten = [s.value for s in Persoon.Soort]
        nieuw = Persoon.objects.bulk_create(
            [
                Persoon(
                    netwerk=netwerk,
                    naam=naam(rng),
                    soort=rng.choices(soorten, weights=[30, 20, 15, 10, 5, 20])[0],
                    tijd=rng.choices([t.value for t in Persoon.Tijd], weights=[20, 65, 15])[0],
                    kwaliteit=rng.choices(
                        [k.value for k in Persoon.Kwaliteit], weights=[60, 30, 10]
                    )[0],
                    contact=rng.choice([c.value for c in Persoon.Contact]),
                    ring=rng.choices([1, 2, 3, 4], weights=[10, 25, 40, 25])[0],
                    geslacht=rng.choice("vmx"),
                    geboortejaar=rng.randint(1935, 2015),
                    telefoon=f"06-{rng.randint(10000000, 99999999)}",
                    notities=rng.choice(
                        ("", "Kent Marieke van de kerk.", "Buurvrouw van vroeger.")
                    ),
                )
                for _ in range(max(0, personen - bestaand))
            ]
        )
        iedereen = list(Persoon.objects.filter(netwerk=netwerk).order_by("pk"))
        hoofd = next(p for p in iedereen if p.is_hoofdpersoon)
        familie = [p for p in nieuw if p.soort == Persoon.Soort.FAMILIE]

        # Genogram: each family member hangs on someone of an older generation.
        relaties = []
        for i, p in enumerate(familie[:40]):
            ander = hoofd if i < 4 else familie[rng.randrange(0, i)]
            soort = rng.choice(["ouder", "broer_zus", "partner"]) if i % 3 else "ouder"
            relaties.append(Relatie(netwerk=netwerk, van=ander, naar=p, soort=soort))
        Relatie.objects.bulk_create(relaties)

        plekken = Plek.objects.bulk_create(
            [
                Plek(
                    netwerk=netwerk,
                    naam=f"{soort.label} {i + 1}",
                    soort=soort.value,
                    loopminuten=rng.randint(2, 40),
                )
                for i, soort in enumerate(list(Plek.Soort) * 2)
            ]
        )
        doorloop = Plek.personen.through
        doorloop.objects.bulk_create(
            [
                doorloop(plek_id=plek.pk, persoon_id=p.pk)
                for plek in plekken
                for p in rng.sample(nieuw, 4)
            ]
        )
        Talent.objects.bulk_create(
            [
                Talent(netwerk=netwerk, persoon=p, tekst=rng.choice(TALENTEN))
                for p in rng.sample(nieuw, 60)
            ]
        )
        Ondersteuning.objects.bulk_create(
            [
                Ondersteuning(
                    netwerk=netwerk,
                    persoon=p,
                    domein=rng.choice([d.value for d in Ondersteuning.Domein]),
                    toelichting="Helpt als het nodig is",
                )
                for p in rng.sample(nieuw, 80)
            ]
        )
        Compliment.objects.bulk_create(
            [
                Compliment(netwerk=netwerk, van=p, tekst="Marieke is altijd eerlijk en trouw.")
                for p in rng.sample(nieuw, 40)
            ]
        )

        # Twenty more members with a login, as a big network has.
        for i, p in enumerate(rng.sample(nieuw, 20)):
            user = User.objects.create(username=f"bench-lid-{netwerk.pk}-{i}", first_name=p.naam)
            Deelname.objects.create(netwerk=netwerk, user=user, rol=Rol.NETWERKLID, persoon=p)

        # The plan: up to `afspraken` afspraken in force, over the plan's vragen.
        plan = team.actief_plan(netwerk)
        lopend = list(Afspraak.objects.filter(plan=plan).lopend().select_related("vraag"))
        vragen = list({a.vraag_id: a.vraag for a in lopend}.values())
        voorwaarden = list(Voorwaarde.objects.filter(netwerk=netwerk))
        soorten_afspraak = [s.value for s in Afspraak.Soort]
        for i in range(max(0, afspraken - len(lopend))):
            a = Afspraak.objects.create(
                netwerk=netwerk,
                plan=plan,
                vraag=vragen[i % len(vragen)],
                soort=rng.choices(soorten_afspraak, weights=[60, 25, 15])[0],
                wat=f"{rng.choice(nieuw).naam.split()[0]} {rng.choice(AFSPRAAK_TEKSTEN)}",
                wanneer=rng.choice(("elke week", "om de dag", "voor de zomer", "in maart")),
                klaar_op=vandaag + timedelta(days=rng.randint(-60, 150)),
                hoe_weten="Marieke vertelt het in het overleg.",
                volgorde=100 + i,
            )
            a.wie.set(rng.sample(iedereen, rng.randint(1, 3)))
            a.invallers.set(rng.sample(iedereen, rng.randint(0, 2)))
            if voorwaarden and i % 5 == 0:
                a.voorwaarden.set([rng.choice(voorwaarden)])
        lopend = list(Afspraak.objects.filter(plan=plan).lopend())

        # A year of status changes, oldest first, and each afspraak's last one as its status.
        leden = list(Deelname.objects.filter(netwerk=netwerk).select_related("user"))
        statussen = [s.value for s in Status]
        wijzigingen, laatste = [], {}
        for tijd in sorted(jaar_geleden + ooit() for _ in range(600)):
            a = rng.choice(lopend)
            van = laatste.get(a.pk, (Status.NOG_NIET, None))[0]
            naar = rng.choices(statussen, weights=[10, 40, 40, 10])[0]
            lid = rng.choice(leden)
            wijzigingen.append(
                Statuswijziging(
                    netwerk=netwerk,
                    afspraak=a,
                    van=van,
                    naar=naar,
                    tijd=tijd,
                    user=lid.user,
                    naam=lid.user.get_full_name() or lid.user.username,
                    notitie=rng.choice(("", "Ging goed.", "Volgende week weer.")),
                )
            )
            laatste[a.pk] = (naar, tijd, lid.user)
        Statuswijziging.objects.bulk_create(wijzigingen)
        Voortgang.objects.filter(afspraak_id__in=laatste).delete()
        Voortgang.objects.bulk_create(
            [
                Voortgang(
                    afspraak_id=pk,
                    netwerk=netwerk,
                    status=status,
                    gewijzigd=tijd,
                    gewijzigd_door=user,
                    gewijzigd_naam=user.get_full_name() or user.username,
                    versie=sum(1 for w in wijzigingen if w.afspraak_id == pk),
                )
                for pk, (status, tijd, user) in laatste.items()
            ]
        )

        # A plan version a month: each one the plan as it is, with one afspraak reworded.
        facilitator = Deelname.objects.get(netwerk=netwerk, rol=Rol.FACILITATOR).user
        for maand in range(12):
            a = lopend[maand % len(lopend)]
            Afspraak.objects.filter(pk=a.pk).update(wanneer=f"vanaf maand {maand + 1}")
            versie = team.nieuwe_versie(plan, user=facilitator, naam="Sanne de Vries")
            if versie is not None:
                Planversie.objects.filter(pk=versie.pk).update(
                    tijd=jaar_geleden + timedelta(days=30 * maand + 15)
                )

        # A monthly overleg with half the team there, and a momentopname each month.
        for maand in range(12):
            datum = jaar_geleden + timedelta(days=30 * maand + 20)
            overleg = Overleg.objects.create(
                netwerk=netwerk,
                plan=plan,
                datum=datum,
                waar="Bij Marieke thuis",
                notities="We liepen de afspraken langs. " * 6,
                besluiten="Els belt de woningcorporatie.",
                volgende=datum + timedelta(days=30),
                created_by=facilitator,
            )
            overleg.aanwezig.set(rng.sample(iedereen, 8))
            Momentopname.objects.create(
                netwerk=netwerk,
                naam=f"Maand {maand + 1}",
                datum=(datum - timedelta(days=5)).date(),
                personen=Momentopname.freeze(iedereen[: 60 + 7 * maand]),
                gemaakt_door=facilitator,
            )
        Balansmeting.objects.bulk_create(
            [
                Balansmeting(
                    netwerk=netwerk,
                    datum=vandaag - timedelta(weeks=week),
                    informeel=60 + week,
                    professioneel=30 - week // 4,
                )
                for week in range(53, 105)
            ]
        )

        # A year of the access log: every member reads and writes a few times a week.
        acties = ["R"] * 8 + ["U", "C", "L"]
        Toegangslog.objects.bulk_create(
            [
                Toegangslog(
                    tijd=jaar_geleden + ooit(),
                    actie=rng.choice(acties),
                    netwerk_id=netwerk.pk,
                    netwerk_ref=netwerk.pk,
                    user=(lid := rng.choice(leden)).user,
                    gebruikersnaam=lid.user.username,
                    rol=lid.rol,
                    uitkomst="toegestaan",
                    adres="192.0.2.10",
                    onderwerp=f"/netwerken/{netwerk.pk}/actieteam/mijn/",
                )
                for _ in range(12_000)
            ],
            batch_size=2000,
        )


def live_zetten(netwerk, *, afspraken: int) -> None:
    """The vervolgberaad, live in eigen tijd: up to 60 people invited, and the family
    writing a new plan of `afspraken` afspraken, the way the phones see it grow."""
    from django.db import transaction
    from django.utils import timezone

    from beraad.models import Actieplan, Afspraak, Beraad, Genodigde, Vraag
    from sonestra.core.models import Persoon

    rng = random.Random(netwerk.pk)
    beraad = Beraad.objects.filter(netwerk=netwerk).order_by("-pk").first()
    plan = Actieplan.objects.get(beraad=beraad)
    with transaction.atomic():
        al = set(Genodigde.objects.filter(beraad=beraad).values_list("persoon_id", flat=True))
        mensen = list(Persoon.objects.filter(netwerk=netwerk).order_by("pk"))
        nieuw = []
        for persoon in [p for p in mensen if p.pk not in al][: max(0, 60 - len(al))]:
            genodigde = Genodigde(
                netwerk=netwerk,
                beraad=beraad,
                persoon=persoon,
                uitgenodigd=True,
                antwoord=rng.choice(["komt", "komt_niet", "misschien", ""]),
            )
            genodigde.new_token()
            nieuw.append(genodigde)
        Genodigde.objects.bulk_create(nieuw)
        vragen = list(Vraag.objects.filter(beraad=beraad).order_by("volgorde"))
        for i in range(afspraken):
            a = Afspraak.objects.create(
                netwerk=netwerk,
                plan=plan,
                vraag=vragen[i % len(vragen)],
                soort=rng.choices([1, 2, 3], weights=[60, 25, 15])[0],
                wat=f"{mensen[i % len(mensen)].naam.split()[0]} {rng.choice(AFSPRAAK_TEKSTEN)}",
                wanneer="vanaf volgende week",
                volgorde=i,
            )
            a.wie.set(rng.sample(mensen, min(len(mensen), rng.randint(1, 3))))
        Beraad.objects.filter(pk=beraad.pk).update(
            fase=Beraad.Fase.EIGEN_TIJD, gestart=timezone.now(), stempel=beraad.stempel + 1
        )
