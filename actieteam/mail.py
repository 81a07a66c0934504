"""E-mails of the Actieteam: reminders before a due date, and a melding to the aanspreekpunt
when an afspraak turns to "lukt niet". Sent by `manage.py herinneringen` (cron).

Each reminder goes out once: a Herinnering row (unique per afspraak, login and due date) is
written before the e-mail is sent, so a second run, or two runs at once, find it taken. A
melding claims its Statuswijziging with an UPDATE … WHERE gemeld IS NULL before it is sent.
When the mail server refuses, the claim is taken back, so the next run tries again.

The e-mails hold plan data only (what, when, who), never story or perspective text, and
every one to a login has a link to switch these e-mails off (also as List-Unsubscribe).
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beraad.models import Actieplan, Afspraak
from sonestra.core.models import Deelname, Persoon

from .models import Herinnering, Status, Statuswijziging
from .team import status_van

logger = logging.getLogger(__name__)

# --- The opt-out link -------------------------------------------------------------------

_SALT = "actieteam.mail-uit"


def uit_token(deelname_id: int) -> str:
    """A signed token for one member's opt-out link. It does not expire: an old e-mail's
    link must still switch the e-mails off."""
    return signing.dumps(deelname_id, salt=_SALT)


def deelname_id_uit(token: str) -> int | None:
    """The Deelname behind an opt-out token, or None when it was changed or made up."""
    try:
        waarde = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return waarde if isinstance(waarde, int) else None


def uit_url(deelname_id: int) -> str:
    return settings.SITE_URL + reverse("actieteam_mail_uit", args=[uit_token(deelname_id)])


# --- Words and links --------------------------------------------------------------------


def voornaam(naam: str) -> str:
    delen = naam.split()
    return delen[0] if delen else ""


def _regel(tekst: str) -> str:
    """A header must be one line (a title typed with Enter would break the e-mail)."""
    return " ".join(str(tekst).split())


def _datum(dag: date) -> str:
    formaat = "l j F" if dag.year == timezone.localdate().year else "l j F Y"
    return formats.date_format(dag, formaat)


def _afspraak_url(afspraak: Afspraak) -> str:
    return settings.SITE_URL + reverse(
        "actieteam:afspraak", args=[afspraak.netwerk_id, afspraak.pk]
    )


def _mijn_url(netwerk_id: int) -> str:
    return settings.SITE_URL + reverse("actieteam:mijn", args=[netwerk_id])


def bericht(
    *, aan: str, onderwerp: str, template: str, context: dict, uit: str = ""
) -> EmailMultiAlternatives:
    """A plain-text e-mail with a simple HTML version; with `uit` (the opt-out link) also
    the List-Unsubscribe header, so a mail app can offer its own button."""
    context = {**context, "uit": uit}
    headers = {"List-Unsubscribe": f"<{uit}>"} if uit else {}
    mail = EmailMultiAlternatives(
        subject=_regel(onderwerp),
        body=render_to_string(f"actieteam/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[aan],
        headers=headers,
    )
    mail.attach_alternative(
        render_to_string(f"actieteam/email/{template}.html", context), "text/html"
    )
    return mail


def _verstuur(mailer, mail: EmailMultiAlternatives) -> bool:
    try:
        return mailer.send_messages([mail]) == 1
    except (smtplib.SMTPException, OSError):
        logger.exception("E-mail aan %s niet verstuurd", mail.to)
        return False


@dataclass
class Telling:
    verstuurd: int = 0
    overgeslagen: int = 0
    mislukt: int = 0


Schrijf = Callable[[str], None]


# --- Reminders --------------------------------------------------------------------------


def te_herinneren(vandaag: date, dagen: int) -> list[Afspraak]:
    """Afspraken in force in each Netwerk's active plan, due between today and `dagen`
    days from now and not done yet, in Netwerken that are not archived. Two queries."""
    actief = (
        Actieplan.objects.filter(netwerk=OuterRef("netwerk_id"), vastgesteld__isnull=False)
        .order_by("-vastgesteld", "-pk")
        .values("pk")[:1]
    )
    return list(
        Afspraak.objects.lopend()
        .filter(
            klaar_op__gte=vandaag,
            klaar_op__lte=vandaag + timedelta(days=dagen),
            netwerk__gearchiveerd__isnull=True,
            plan_id=Subquery(actief),
        )
        .exclude(voortgang__status=Status.GELUKT)
        .select_related("netwerk")
        .prefetch_related(Prefetch("wie", queryset=Persoon.objects.only("pk", "netwerk_id")))
        .order_by("netwerk_id", "klaar_op", "pk")
    )


@dataclass
class Herinneringsmail:
    deelname: Deelname
    afspraken: list[Afspraak]

    @property
    def aan(self) -> str:
        return self.deelname.user.email


def herinneringsmails(vandaag: date, dagen: int) -> list[Herinneringsmail]:
    """Who gets which reminders now: per login and Netwerk one e-mail with every afspraak
    they do that is due soon and was not reminded of for this date. Four queries."""
    afspraken = te_herinneren(vandaag, dagen)
    per_persoon: dict[int, list[Afspraak]] = defaultdict(list)
    for afspraak in afspraken:
        for persoon in afspraak.wie.all():
            per_persoon[persoon.pk].append(afspraak)
    if not per_persoon:
        return []
    deelnames = (
        Deelname.objects.actief()
        .filter(persoon_id__in=per_persoon, user__is_active=True)
        .exclude(user__email="")
        .exclude(instelling__mail=False)
        .select_related("user", "persoon", "netwerk")
        .order_by("netwerk_id", "pk")
    )
    al_gestuurd = set(
        Herinnering.objects.filter(afspraak__in=afspraken).values_list(
            "afspraak_id", "user_id", "klaar_op"
        )
    )
    mails = []
    for deelname in deelnames:
        nieuw = [
            a
            for a in per_persoon[deelname.persoon_id]
            if a.netwerk_id == deelname.netwerk_id
            and (a.pk, deelname.user_id, a.klaar_op) not in al_gestuurd
        ]
        if nieuw:
            mails.append(Herinneringsmail(deelname, nieuw))
    return mails


def _herinneringsbericht(mail: Herinneringsmail) -> EmailMultiAlternatives:
    deelname = mail.deelname
    naam = deelname.persoon.naam if deelname.persoon else str(deelname.user)
    afspraken = [
        {
            "wat": a.wat,
            "klaar_op": _datum(a.klaar_op),
            "wanneer": a.wanneer,
            "url": _afspraak_url(a),
        }
        for a in mail.afspraken
    ]
    if len(afspraken) == 1:
        onderwerp = _("Herinnering: je afspraak voor %(datum)s") % {
            "datum": afspraken[0]["klaar_op"]
        }
    else:
        onderwerp = ngettext(
            "Herinnering: %(aantal)d afspraak is bijna klaar",
            "Herinnering: %(aantal)d afspraken zijn bijna klaar",
            len(afspraken),
        ) % {"aantal": len(afspraken)}
    return bericht(
        aan=mail.aan,
        onderwerp=onderwerp,
        template="herinnering",
        context={
            "voornaam": voornaam(naam) or naam,
            "netwerk": deelname.netwerk.titel,
            "afspraken": afspraken,
            "mijn": _mijn_url(deelname.netwerk_id),
        },
        uit=uit_url(deelname.pk),
    )


def stuur_herinneringen(
    vandaag: date, dagen: int, *, droog: bool = False, schrijf: Schrijf | None = None
) -> Telling:
    """Send the reminders that are due; `droog` only says what it would send."""
    telling = Telling()
    mails = herinneringsmails(vandaag, dagen)
    if droog:
        for mail in mails:
            if schrijf:
                schrijf(
                    _("Herinnering aan %(aan)s (%(netwerk)s): %(wat)s")
                    % {
                        "aan": mail.aan,
                        "netwerk": mail.deelname.netwerk.titel,
                        "wat": "; ".join(_regel(a.wat)[:60] for a in mail.afspraken),
                    }
                )
        telling.verstuurd = len(mails)
        return telling
    with mailers.default as mailer:
        for mail in mails:
            eigen = _neem_herinneringen(mail)
            if not eigen:
                # Another run took these a moment ago.
                telling.overgeslagen += 1
                continue
            mail.afspraken = [a for a in mail.afspraken if a.pk in eigen]
            if _verstuur(mailer, _herinneringsbericht(mail)):
                telling.verstuurd += 1
            else:
                # Not sent: free them, the next run tries again.
                Herinnering.objects.filter(pk__in=eigen.values()).delete()
                telling.mislukt += 1
    return telling


def _neem_herinneringen(mail: Herinneringsmail) -> dict[int, int]:
    """Write the Herinnering rows before sending; {afspraak id: row id} of the rows this run
    wrote. A row another run wrote first (same afspraak, login and date) is left to it.
    Two queries, however many afspraken the e-mail names."""
    stempel = timezone.now()
    user_id = mail.deelname.user_id
    Herinnering.objects.bulk_create(
        [
            Herinnering(
                netwerk_id=a.netwerk_id,
                afspraak=a,
                user_id=user_id,
                klaar_op=a.klaar_op,
                verstuurd=stempel,
            )
            for a in mail.afspraken
        ],
        ignore_conflicts=True,
    )
    # Rows with this run's own moment are the ones it wrote.
    return dict(
        Herinnering.objects.filter(
            user_id=user_id, afspraak__in=mail.afspraken, verstuurd=stempel
        ).values_list("afspraak_id", "pk")
    )


# --- Meldingen: "lukt niet" to the aanspreekpunt -----------------------------------------


@dataclass
class Melding:
    wijziging: Statuswijziging
    aan: str
    naam: str
    deelname: Deelname | None


def meldingen() -> tuple[list[Melding], list[int]]:
    """Which "lukt niet" changes to tell the aanspreekpunt about, and which rows to mark
    without an e-mail: the aanspreekpunt made the change, the status moved on, the
    afspraak ended or left the active plan, or there is nobody to tell. Per afspraak only
    the latest change is told. Two queries."""
    actief = (
        Actieplan.objects.filter(netwerk=OuterRef("netwerk_id"), vastgesteld__isnull=False)
        .order_by("-vastgesteld", "-pk")
        .values("pk")[:1]
    )
    rijen = list(
        Statuswijziging.objects.filter(naar=Status.LUKT_NIET, gemeld__isnull=True)
        .annotate(actief_plan_id=Subquery(actief))
        .select_related("netwerk", "afspraak__plan__aanspreekpunt", "afspraak__voortgang", "user")
        .order_by("afspraak_id", "tijd", "pk")
    )
    laatste: dict[int, Statuswijziging] = {}
    for rij in rijen:
        laatste[rij.afspraak_id] = rij
    overslaan = [rij.pk for rij in rijen if laatste[rij.afspraak_id] is not rij]
    aanspreekpunten = {
        rij.afspraak.plan.aanspreekpunt_id
        for rij in laatste.values()
        if rij.afspraak.plan.aanspreekpunt_id is not None
    }
    logins: dict[int, list[Deelname]] = defaultdict(list)
    if aanspreekpunten:
        # Ended ones too: someone whose access ended gets no more e-mail about the plan.
        for deelname in (
            Deelname.objects.filter(persoon_id__in=aanspreekpunten)
            .select_related("user", "instelling")
            .order_by("pk")
        ):
            logins[deelname.persoon_id].append(deelname)

    te_sturen = []
    for rij in laatste.values():
        melding = _melding(rij, logins)
        if melding is None:
            overslaan.append(rij.pk)
        else:
            te_sturen.append(melding)
    return te_sturen, overslaan


def _melding(rij: Statuswijziging, logins: dict[int, list[Deelname]]) -> Melding | None:
    afspraak = rij.afspraak
    plan = afspraak.plan
    persoon = plan.aanspreekpunt
    if (
        rij.netwerk.gearchiveerd is not None
        or afspraak.beeindigd is not None
        or plan.pk != rij.actief_plan_id
        or persoon is None
    ):
        return None
    if status_van(afspraak).status != Status.LUKT_NIET:
        return None
    alle = logins.get(persoon.pk, [])
    if rij.user_id is not None and any(d.user_id == rij.user_id for d in alle):
        return None  # the aanspreekpunt did it themselves
    if any(_mail_uit(d) for d in alle):
        return None
    logins = [d for d in alle if d.beeindigd is None and d.user.is_active]
    if alle and not logins:
        # Their access ended or their account is off: the groslijst address is no way
        # around that. Only someone who never had a login is mailed at that address.
        return None
    # Their login's address first; else the address in the groslijst.
    deelname = next((d for d in logins if d.user.email), logins[0] if logins else None)
    aan = (deelname.user.email if deelname else "") or persoon.email
    if not aan:
        return None
    return Melding(rij, aan, persoon.naam, deelname)


def _mail_uit(deelname: Deelname) -> bool:
    try:
        return not deelname.instelling.mail
    except Deelname.instelling.RelatedObjectDoesNotExist:
        return False


def _meldingsbericht(melding: Melding) -> EmailMultiAlternatives:
    rij = melding.wijziging
    afspraak = rij.afspraak
    door = rij.naam or (str(rij.user) if rij.user else _("Iemand"))
    return bericht(
        aan=melding.aan,
        onderwerp=_("Lukt niet: %(door)s heeft hulp nodig bij een afspraak") % {"door": door},
        template="melding",
        context={
            "voornaam": voornaam(melding.naam) or melding.naam,
            "door": door,
            "netwerk": rij.netwerk.titel,
            "wat": afspraak.wat,
            "klaar_op": _datum(afspraak.klaar_op) if afspraak.klaar_op else "",
            "notitie": rij.notitie,
            "tijd": formats.date_format(timezone.localtime(rij.tijd), "l j F, H.i"),
            "url": _afspraak_url(afspraak),
            "mijn": _mijn_url(afspraak.netwerk_id),
            "met_login": melding.deelname is not None,
        },
        uit=uit_url(melding.deelname.pk) if melding.deelname else "",
    )


def stuur_meldingen(*, droog: bool = False, schrijf: Schrijf | None = None) -> Telling:
    """Tell each aanspreekpunt about the afspraken that turned to "lukt niet"."""
    telling = Telling()
    te_sturen, overslaan = meldingen()
    telling.overgeslagen = len(overslaan)
    if droog:
        for melding in te_sturen:
            if schrijf:
                schrijf(
                    _("Melding aan %(aan)s (%(netwerk)s): lukt niet bij %(wat)s")
                    % {
                        "aan": melding.aan,
                        "netwerk": melding.wijziging.netwerk.titel,
                        "wat": _regel(melding.wijziging.afspraak.wat)[:60],
                    }
                )
        telling.verstuurd = len(te_sturen)
        return telling
    if overslaan:
        Statuswijziging.objects.filter(pk__in=overslaan, gemeld__isnull=True).update(
            gemeld=timezone.now()
        )
    with mailers.default as mailer:
        for melding in te_sturen:
            rij = melding.wijziging
            geclaimd = Statuswijziging.objects.filter(pk=rij.pk, gemeld__isnull=True).update(
                gemeld=timezone.now()
            )
            if not geclaimd:
                continue  # another run sends this one
            if _verstuur(mailer, _meldingsbericht(melding)):
                telling.verstuurd += 1
            else:
                Statuswijziging.objects.filter(pk=rij.pk).update(gemeld=None)
                telling.mislukt += 1
    return telling
