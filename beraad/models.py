"""The FamilieNetwerkBeraad and the actieplan it produces.

A Beraad is prepared by the person with self-chosen supporters (vragen, informatie,
who is invited, where and when), held live in phases, and ends with an Actieplan:
per vraag the afspraken, first what the person and network do, then professional
support, then aanbod and its cost. The Actieteam builds on Actieplan and Afspraak;
they live here because the dependency runs shared model ← kompas ← beraad ← actieteam.

Every row belongs to one Netwerk, so every query starts from the Netwerk the access
helper returned. What a role may read of the draft plan is decided in one place:
`Actieplan.zichtbaar_voor` and `AfspraakQuerySet.zichtbaar_voor`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sonestra.core.access import Toegang
from sonestra.core.models import Netwerk, Persoon, VersionedModel, hash_token
from sonestra.core.roles import Recht


class BeraadQuerySet(models.QuerySet):
    def in_netwerk(self, netwerk: Netwerk) -> BeraadQuerySet:
        return self.filter(netwerk=netwerk)


class Beraad(VersionedModel):
    """One FamilieNetwerkBeraad: prepared, held live in phases, closed with a plan."""

    class Fase(models.TextChoices):
        VOORBEREIDING = "voorbereiding", _("Voorbereiding")
        WELKOM = "welkom", _("Welkom en rondje positief")
        INFORMATIE = "informatie", _("Informatieronde")
        EIGEN_TIJD = "eigen_tijd", _("Eigen tijd")
        PRESENTATIE = "presentatie", _("Presentatie en akkoord")
        AFSLUITING = "afsluiting", _("Afsluiting")
        AFGEROND = "afgerond", _("Afgerond")

    # The phases of the beraad itself, in order (voorbereiding before, afgerond after).
    LIVE_FASEN = (
        Fase.WELKOM,
        Fase.INFORMATIE,
        Fase.EIGEN_TIJD,
        Fase.PRESENTATIE,
        Fase.AFSLUITING,
    )

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="beraden")
    vorige = models.ForeignKey(
        "self",
        verbose_name=_("vervolg op"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vervolgberaden",
    )
    fase = models.CharField(_("fase"), max_length=16, choices=Fase, default=Fase.VOORBEREIDING)
    datum = models.DateTimeField(_("datum en begintijd"), null=True, blank=True)
    eindtijd = models.TimeField(_("eindtijd"), null=True, blank=True)
    waar = models.CharField(
        _("waar"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: bij oma Truus thuis, Lindelaan 12 in Utrecht."),
    )
    # Moves on every change someone else's screen should show: phones poll it.
    stempel = models.PositiveBigIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gestart = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    afgerond = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    objects = BeraadQuerySet.as_manager()

    class Meta:
        verbose_name = _("beraad")
        verbose_name_plural = _("beraden")
        ordering = ["-created"]

    def __str__(self) -> str:
        return str(self.titel)

    @property
    def titel(self) -> str:
        return _("Vervolgberaad") if self.vorige_id else _("FamilieNetwerkBeraad")

    @property
    def is_live(self) -> bool:
        return self.fase in self.LIVE_FASEN

    @property
    def is_afgerond(self) -> bool:
        return self.fase == self.Fase.AFGEROND

    def get_absolute_url(self) -> str:
        return reverse("beraad:beraad", args=[self.netwerk_id, self.pk])

    def tik(self) -> None:
        """Tell every open screen something changed (they poll `stempel`)."""
        Beraad.objects.filter(pk=self.pk).update(stempel=F("stempel") + 1)


class Vraag(models.Model):
    """A question for the beraad, in the person's own words. The plan is written per vraag."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    beraad = models.ForeignKey(Beraad, on_delete=models.CASCADE, related_name="vragen")
    tekst = models.TextField(_("vraag"), max_length=500)
    volgorde = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["volgorde", "pk"]

    def __str__(self) -> str:
        return self.tekst


class Informatie(VersionedModel):
    """Information the beraad needs, from whom, and the answer once it came."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    beraad = models.ForeignKey(Beraad, on_delete=models.CASCADE, related_name="informatie")
    onderwerp = models.CharField(_("wat willen we weten?"), max_length=300)
    van = models.ForeignKey(
        Persoon,
        verbose_name=_("van wie?"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    antwoord = models.TextField(_("antwoord"), blank=True, max_length=5000)
    beantwoord = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("informatievraag")
        verbose_name_plural = _("informatievragen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.onderwerp


class Genodigde(models.Model):
    """Someone from the groslijst the person invites, or deliberately does not.

    Each invitee gets a personal link (only its hash is stored) to answer from a phone
    without a login. `reden` says why someone is not invited; only the hoofdpersoon and
    the facilitator read it (Recht.REDEN_BEKIJKEN).
    """

    class Antwoord(models.TextChoices):
        KOMT = "komt", _("Ik kom")
        KOMT_NIET = "komt_niet", _("Ik kom niet")
        MISSCHIEN = "misschien", _("Misschien")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    beraad = models.ForeignKey(Beraad, on_delete=models.CASCADE, related_name="genodigden")
    persoon = models.ForeignKey(
        Persoon, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="genodigd"
    )
    uitgenodigd = models.BooleanField(_("uitgenodigd"), default=True)
    reden = models.TextField(_("waarom niet?"), blank=True, max_length=1000)
    antwoord = models.CharField(_("antwoord"), max_length=10, choices=Antwoord, blank=True)
    opmerking = models.CharField(
        _("opmerking"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld over vervoer, eten of oppas."),
    )
    beantwoord = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    link_gemaakt = models.DateTimeField(_("link gemaakt op"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        ordering = ["persoon__naam"]
        constraints = [
            models.UniqueConstraint(fields=["beraad", "persoon"], name="one_genodigde_per_persoon")
        ]

    def __str__(self) -> str:
        return f"{self.persoon} — {self.get_antwoord_display() or '…'}"

    def new_token(self) -> str:
        """A fresh personal link; an earlier link of this person stops working."""
        token = secrets.token_urlsafe(24)
        self.token_hash = hash_token(token)
        self.link_gemaakt = timezone.now()
        return token

    @classmethod
    def find(cls, token: str) -> Genodigde | None:
        return (
            cls.objects.select_related("beraad", "persoon", "netwerk")
            .filter(token_hash=hash_token(token), uitgenodigd=True)
            .first()
        )

    @staticmethod
    def url_for(token: str) -> str:
        return settings.SITE_URL + reverse("beraad_antwoord", args=[token])


class Voorwaarde(VersionedModel):
    """A professional's concern or bottom line, stated before the beraad.

    A zorg explains; a voorwaarde must be met by the plan. The plan shows per
    voorwaarde which afspraken meet it and flags the ones nobody meets.
    """

    class Soort(models.TextChoices):
        ZORG = "zorg", _("Zorg")
        VOORWAARDE = "voorwaarde", _("Voorwaarde")

    class Thema(models.TextChoices):
        VEILIGHEID = "veiligheid", _("Veiligheid")
        ONTWIKKELING = "ontwikkeling", _("Ontwikkeling")
        CONTINUITEIT = "continuiteit", _("Continuïteit")
        ANDERS = "anders", _("Iets anders")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    beraad = models.ForeignKey(Beraad, on_delete=models.CASCADE, related_name="voorwaarden")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort, default=Soort.VOORWAARDE)
    thema = models.CharField(_("over"), max_length=12, choices=Thema, default=Thema.VEILIGHEID)
    tekst = models.TextField(_("wat is de zorg of voorwaarde?"), max_length=2000)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    persoon = models.ForeignKey(
        Persoon, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zorg of voorwaarde")
        verbose_name_plural = _("zorgen en voorwaarden")
        ordering = ["soort", "pk"]

    def __str__(self) -> str:
        return self.tekst[:60]


class Actieplan(VersionedModel):
    """The plan a beraad produces; the Actieteam carries it out and steers it.

    It is a draft (`planversie` 0) until the beraad is closed with akkoord; then it is
    version 1. During eigen tijd only the family reads it: staff read it once the family
    publishes it (`gepubliceerd`).
    """

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="actieplannen")
    beraad = models.OneToOneField(Beraad, on_delete=models.CASCADE, related_name="plan")
    gepubliceerd = models.DateTimeField(_("gedeeld met de professionals op"), null=True, blank=True)
    aanspreekpunt = models.ForeignKey(
        Persoon,
        verbose_name=_("aanspreekpunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Iemand uit de familie of het netwerk die het plan bijhoudt."),
    )
    vervolgdatum = models.DateField(
        _("datum om terug te kijken"),
        null=True,
        blank=True,
        help_text=_("Op deze dag kijken jullie samen hoe het gaat: het vervolgberaad."),
    )
    vastgesteld = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    planversie = models.PositiveIntegerField(_("versie van het plan"), default=0)
    # Moves on every change to the afspraken: an akkoord given at an older `inhoud`
    # was given to a plan that has changed since.
    inhoud = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")

    def __str__(self) -> str:
        return f"Actieplan {self.netwerk} v{self.planversie}"

    def zichtbaar_voor(self, toegang: Toegang) -> bool:
        """May this role read the plan now? The family always; staff once published; the
        coordinator (who prints it) once the beraad agreed on it."""
        if toegang.mag(Recht.CONCEPT_LEZEN):
            return True
        if toegang.mag(Recht.NETWERK_BEKIJKEN):
            return self.gepubliceerd is not None
        return toegang.mag(Recht.PLAN_PRINTEN) and self.vastgesteld is not None

    def gewijzigd(self) -> None:
        """An afspraak changed: akkoorden given before no longer cover it."""
        Actieplan.objects.filter(pk=self.pk).update(inhoud=F("inhoud") + 1)
        self.refresh_from_db(fields=["inhoud"])


class AfspraakQuerySet(models.QuerySet):
    def zichtbaar_voor(self, toegang: Toegang) -> AfspraakQuerySet:
        """The afspraken this role may read: staff see none of a draft in eigen tijd."""
        mine = self.filter(netwerk=toegang.netwerk)
        if toegang.mag(Recht.CONCEPT_LEZEN):
            return mine
        if toegang.mag(Recht.NETWERK_BEKIJKEN):
            return mine.filter(plan__gepubliceerd__isnull=False)
        if toegang.mag(Recht.PLAN_PRINTEN):
            return mine.filter(plan__vastgesteld__isnull=False)
        return mine.none()

    def lopend(self) -> AfspraakQuerySet:
        """The afspraken still in the plan: the Actieteam may end one (it stays in the
        plan's history, see actieteam.Planversie)."""
        return self.filter(beeindigd__isnull=True)

    def in_plan_volgorde(self) -> AfspraakQuerySet:
        """Per vraag: first the network, then professional support, then aanbod."""
        return self.order_by("vraag__volgorde", "vraag_id", "soort", "volgorde", "pk")


class Afspraak(VersionedModel):
    """One agreement in the plan: wat, wie, wanneer, how we know it works, who steps in."""

    class Soort(models.IntegerChoices):
        # The order is the point: the network first, aanbod last.
        NETWERK = 1, _("Wat wij zelf doen")
        PROFESSIONAL = 2, _("Hulp van professionals")
        AANBOD = 3, _("Aanbod en wat het kost")

    class Per(models.TextChoices):
        EENMALIG = "eenmalig", _("eenmalig")
        WEEK = "week", _("per week")
        MAAND = "maand", _("per maand")
        JAAR = "jaar", _("per jaar")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Actieplan, on_delete=models.CASCADE, related_name="afspraken")
    vraag = models.ForeignKey(
        # A vraag with afspraken is not removed (the views refuse); CASCADE lets a whole
        # Netwerk or beraad go on request.
        Vraag,
        verbose_name=_("bij welke vraag?"),
        on_delete=models.CASCADE,
        related_name="afspraken",
    )
    soort = models.PositiveSmallIntegerField(_("soort"), choices=Soort, default=Soort.NETWERK)
    wat = models.TextField(_("wat gaan we doen?"), max_length=1000)
    wie = models.ManyToManyField(
        Persoon, verbose_name=_("wie doet het?"), blank=True, related_name="afspraken"
    )
    wanneer = models.CharField(
        _("wanneer?"),
        max_length=120,
        blank=True,
        help_text=_("Bijvoorbeeld: elke dinsdag, of vóór de zomer."),
    )
    klaar_op = models.DateField(_("klaar op (datum)"), null=True, blank=True)
    hoe_weten = models.TextField(_("hoe weten we dat het lukt?"), blank=True, max_length=1000)
    invallers = models.ManyToManyField(
        Persoon,
        verbose_name=_("wie springt in als het anders loopt?"),
        blank=True,
        related_name="invalafspraken",
    )
    kosten = models.DecimalField(
        _("kosten in euro"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    kosten_per = models.CharField(_("per"), max_length=10, choices=Per, blank=True)
    voorwaarden = models.ManyToManyField(
        Voorwaarde,
        verbose_name=_("deze afspraak helpt bij"),
        blank=True,
        related_name="afspraken",
    )
    volgorde = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gewijzigd = models.DateTimeField(auto_now=True)
    # Set when the Actieteam ends the afspraak; it then leaves the current plan.
    beeindigd = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["vraag__volgorde", "vraag_id", "soort", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kosten__gte=0), name="afspraak_kosten_positief")
        ]

    def __str__(self) -> str:
        return self.wat[:60]


class Akkoord(models.Model):
    """One participant agrees to the plan: their name and the time, kept.

    Given by the participant on their own phone, or noted by the facilitator for
    someone in the room without a login (`vastgelegd_door`).
    """

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Actieplan, on_delete=models.CASCADE, related_name="akkoorden")
    persoon = models.ForeignKey(
        Persoon, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    naam = models.CharField(_("naam"), max_length=120)
    tijd = models.DateTimeField(_("tijd"), default=timezone.now)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Actieplan.inhoud when the akkoord was given.
    planstand = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("akkoord")
        verbose_name_plural = _("akkoorden")
        ordering = ["tijd", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "persoon"],
                condition=Q(persoon__isnull=False),
                name="one_akkoord_per_persoon",
            ),
            models.UniqueConstraint(
                fields=["plan", "user"],
                condition=Q(user__isnull=False),
                name="one_akkoord_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} akkoord op {self.tijd:%Y-%m-%d %H:%M}"

    def geldt_voor(self, plan: Actieplan) -> bool:
        """Was this akkoord given to the plan as it is now?"""
        return self.planstand == plan.inhoud
