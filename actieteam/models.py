"""The Actieteam: the people who carry out the actieplan keep it up to date and steer it.

The plan and its afspraken live in `beraad` (Actieplan, Afspraak); this app adds what
happens after the beraad: each afspraak's voortgang and its history, the plan's versions
as the team changes it, the team's overleggen, and each member's settings (e-mail,
calendar feed). Every row names its Netwerk, so every query starts from the Netwerk the
access helper returned.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beraad.models import Actieplan, Afspraak
from sonestra.core.models import Deelname, Netwerk, Persoon, VersionedModel, hash_token


class Status(models.TextChoices):
    NOG_NIET = "nog_niet", _("Nog niet begonnen")
    BEZIG = "bezig", _("Bezig")
    GELUKT = "gelukt", _("Gelukt")
    LUKT_NIET = "lukt_niet", _("Lukt niet, hulp nodig")


class Voortgang(VersionedModel):
    """Where one afspraak stands now. Made on the first status change; until then an
    afspraak is 'nog niet begonnen'. Its own version, so a status tap never conflicts
    with someone changing the afspraak's text in Bijsturen."""

    afspraak = models.OneToOneField(
        Afspraak, primary_key=True, on_delete=models.CASCADE, related_name="voortgang"
    )
    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("hoe gaat het?"), max_length=10, choices=Status, default=Status.NOG_NIET
    )
    notitie = models.CharField(_("notitie"), max_length=300, blank=True)
    gewijzigd = models.DateTimeField(_("bijgewerkt op"), null=True, blank=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gewijzigd_naam = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")

    def __str__(self) -> str:
        return f"{self.afspraak_id}: {self.status}"


class Statuswijziging(models.Model):
    """One change of an afspraak's status: who, when, from what to what, and a note.
    Never changed afterwards; `gemeld` records that the aanspreekpunt was told about a
    'lukt niet'."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    afspraak = models.ForeignKey(
        Afspraak, on_delete=models.CASCADE, related_name="statuswijzigingen"
    )
    van = models.CharField(_("van"), max_length=10, choices=Status)
    naar = models.CharField(_("naar"), max_length=10, choices=Status)
    notitie = models.CharField(_("notitie"), max_length=300, blank=True)
    tijd = models.DateTimeField(_("tijd"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    naam = models.CharField(_("door"), max_length=120, blank=True)
    gemeld = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["-tijd", "-pk"]
        indexes = [
            models.Index(fields=["afspraak", "tijd"]),
            models.Index(
                fields=["naar"], condition=models.Q(gemeld__isnull=True), name="te_melden"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.afspraak_id}: {self.van} → {self.naar}"


class Planversie(models.Model):
    """The plan as it stood after one change: who changed what and when, and a copy of
    every afspraak then in force, so any two versions can be compared later even after
    the afspraken themselves changed again. Version 1 is the plan of the beraad."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Actieplan, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField(_("versie"))
    tijd = models.DateTimeField(_("tijd"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    naam = models.CharField(_("door"), max_length=120, blank=True)
    omschrijving = models.TextField(_("wat is er veranderd?"), blank=True)
    # [{"id", "vraag_id", "vraag", "soort", "wat", "wie", "wanneer", "klaar_op", "hoe_weten",
    #   "invallers", "kosten", "kosten_per"}] in plan order.
    afspraken = models.JSONField(default=list)

    class Meta:
        verbose_name = _("versie van het plan")
        verbose_name_plural = _("versies van het plan")
        ordering = ["plan", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="one_planversie_per_nummer")
        ]

    def __str__(self) -> str:
        return f"Actieplan {self.plan_id} v{self.nummer}"


class Overleg(VersionedModel):
    """An actieteam meeting: when, who was there, notes, decisions and the next date."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="overleggen")
    plan = models.ForeignKey(
        Actieplan, null=True, blank=True, on_delete=models.SET_NULL, related_name="overleggen"
    )
    datum = models.DateTimeField(_("datum en tijd"))
    waar = models.CharField(_("waar"), max_length=300, blank=True)
    aanwezig = models.ManyToManyField(
        Persoon, verbose_name=_("wie waren er?"), blank=True, related_name="+"
    )
    notities = models.TextField(_("wat hebben we besproken?"), blank=True, max_length=5000)
    besluiten = models.TextField(_("wat hebben we besloten?"), blank=True, max_length=5000)
    volgende = models.DateTimeField(_("volgende overleg"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["netwerk", "volgende"])]

    def __str__(self) -> str:
        return f"Overleg {self.datum:%Y-%m-%d}"


class Lidinstelling(models.Model):
    """One member's own settings in one Netwerk: e-mails on or off, and the private
    calendar link (only its hash is stored; a new link ends the old one)."""

    deelname = models.OneToOneField(
        Deelname, primary_key=True, on_delete=models.CASCADE, related_name="instelling"
    )
    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    mail = models.BooleanField(
        _("e-mail mij herinneringen en meldingen over het plan"), default=True
    )
    agenda_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    agenda_gemaakt = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("instelling")
        verbose_name_plural = _("instellingen")

    def __str__(self) -> str:
        return f"Instelling {self.deelname_id}"

    def nieuwe_agendalink(self) -> str:
        """A fresh calendar token; the link made before stops working. Save afterwards."""
        token = secrets.token_urlsafe(24)
        self.agenda_hash = hash_token(token)
        self.agenda_gemaakt = timezone.now()
        return token

    @classmethod
    def voor_agenda(cls, token: str) -> Lidinstelling | None:
        """The settings this calendar link belongs to, if the link and the member's
        access are still valid."""
        return (
            cls.objects.select_related("deelname__user", "deelname__persoon", "netwerk")
            .filter(
                agenda_hash=hash_token(token),
                deelname__beeindigd__isnull=True,
                deelname__user__is_active=True,
                netwerk__gearchiveerd__isnull=True,
            )
            .first()
        )


class Herinnering(models.Model):
    """A reminder e-mail that went out: one per afspraak, person and due date, so the cron
    command can run as often as it likes and sends each reminder once."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    afspraak = models.ForeignKey(Afspraak, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    klaar_op = models.DateField()
    verstuurd = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["afspraak", "user", "klaar_op"], name="one_herinnering_per_datum"
            )
        ]

    def __str__(self) -> str:
        return f"Herinnering {self.afspraak_id} → {self.user_id} ({self.klaar_op})"
