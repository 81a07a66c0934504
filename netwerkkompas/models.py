"""The Netwerkkompas: relations, places, talents, support, the story and moments in time.

Every tool is a view of the Netwerk's one set of Persoon records (sonestra.core);
the models here add what those tools need around them. Every row belongs to one
Netwerk, so every query can start from the Netwerk the access helper returned.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sonestra.core.access import Toegang
from sonestra.core.models import Netwerk, Persoon, VersionedModel
from sonestra.core.roles import Zichtbaarheid, zichtbaarheden_voor


class Relatie(models.Model):
    """A family relation between two people, for the genogram.

    OUDER reads "van is ouder van naar". The other kinds are symmetric; the pair is
    stored once.
    """

    class Soort(models.TextChoices):
        OUDER = "ouder", _("ouder van")
        PARTNER = "partner", _("partners")
        EX_PARTNER = "ex_partner", _("ex-partners (uit elkaar)")
        BROER_ZUS = "broer_zus", _("broer of zus")

    class Band(models.TextChoices):
        HECHT = "hecht", _("Hecht")
        CONFLICT = "conflict", _("Conflict")
        VERBROKEN = "verbroken", _("Verbroken")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="relaties")
    van = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="relaties_van")
    naar = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="relaties_naar")
    soort = models.CharField(_("relatie"), max_length=12, choices=Soort)
    band = models.CharField(_("band (mag leeg)"), max_length=10, choices=Band, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relatie")
        verbose_name_plural = _("relaties")
        constraints = [
            models.UniqueConstraint(fields=["van", "naar", "soort"], name="one_relatie_per_kind"),
            models.CheckConstraint(condition=~Q(van=models.F("naar")), name="relatie_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.van} — {self.get_soort_display()} — {self.naar}"


class Plek(VersionedModel):
    """A place in the neighbourhood and who the person meets there."""

    class Soort(models.TextChoices):
        WINKEL = "winkel", _("Winkel of markt")
        CLUB = "club", _("Club of vereniging")
        GEBEDSHUIS = "gebedshuis", _("Kerk, moskee of ander gebedshuis")
        KINDERBOERDERIJ = "kinderboerderij", _("Kinderboerderij of park")
        WIJKCENTRUM = "wijkcentrum", _("Wijkcentrum of bibliotheek")
        WERK = "werk", _("Werk of dagbesteding")
        SCHOOL = "school", _("School")
        ZORG = "zorg", _("Huisarts of zorg")
        ANDERS = "anders", _("Iets anders")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="plekken")
    naam = models.CharField(_("naam van de plek"), max_length=120)
    soort = models.CharField(_("soort plek"), max_length=20, choices=Soort)
    loopminuten = models.PositiveSmallIntegerField(
        _("minuten lopen van huis"), help_text=_("Ongeveer. Met de fiets of bus: reken om.")
    )
    personen = models.ManyToManyField(
        Persoon, verbose_name=_("wie is daar"), blank=True, related_name="plekken"
    )
    notities = models.TextField(_("notities"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plek")
        verbose_name_plural = _("plekken")
        ordering = ["loopminuten", "naam"]

    def __str__(self) -> str:
        return self.naam


class Talent(models.Model):
    """Something one person is good at or likes to do."""

    class Soort(models.TextChoices):
        GOED_IN = "goed_in", _("Is goed in")
        DOET_GRAAG = "doet_graag", _("Doet graag")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="talenten")
    persoon = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="talenten")
    soort = models.CharField(_("soort"), max_length=12, choices=Soort, default=Soort.GOED_IN)
    tekst = models.CharField(_("talent"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("talent")
        verbose_name_plural = _("talenten")
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.persoon}: {self.tekst}"


class Ondersteuning(models.Model):
    """One filled cell of the ondersteuningskaart: this person supports in this domain."""

    class Domein(models.TextChoices):
        WONEN = "wonen", _("Wonen")
        WERK = "werk", _("Werk en dagbesteding")
        VRIJE_TIJD = "vrije_tijd", _("Vrije tijd")
        GELD = "geld", _("Geld")
        GEZONDHEID = "gezondheid", _("Gezondheid")
        OPVOEDING = "opvoeding", _("Opvoeding")
        CONTACTEN = "contacten", _("Contacten")

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="ondersteuning")
    persoon = models.ForeignKey(Persoon, on_delete=models.CASCADE, related_name="ondersteuning")
    domein = models.CharField(_("levensgebied"), max_length=12, choices=Domein)
    toelichting = models.CharField(_("wat doet iemand"), max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ondersteuning")
        verbose_name_plural = _("ondersteuning")
        constraints = [
            models.UniqueConstraint(fields=["persoon", "domein"], name="one_cell_per_domein")
        ]

    def __str__(self) -> str:
        return f"{self.persoon}: {self.get_domein_display()}"


class Compliment(models.Model):
    """One line of the rondje positief: something good someone says about the person."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="complimenten")
    van = models.ForeignKey(
        Persoon,
        verbose_name=_("wie zegt het"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complimenten",
    )
    tekst = models.TextField(_("wat waardeer je"), max_length=1000)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("compliment")
        verbose_name_plural = _("rondje positief")
        ordering = ["created"]

    def __str__(self) -> str:
        return self.tekst[:60]


class ZichtbaarQuerySet(models.QuerySet):
    def zichtbaar_voor(self, toegang: Toegang) -> ZichtbaarQuerySet:
        """Only the items this login may read: by the level the hoofdpersoon set,
        and always what they wrote themselves."""
        mag = Q(zichtbaarheid__in=zichtbaarheden_voor(toegang.rol))
        if toegang.deelname is not None and self.model.AUTEUR_LEEST_ALTIJD:
            mag |= Q(auteur_id=toegang.deelname.user_id)
        return self.filter(netwerk=toegang.netwerk).filter(mag)


class Verhaal(VersionedModel):
    """The hoofdpersoon's story in their own words, told once."""

    # The story is the hoofdpersoon's, whoever typed it: a facilitator who wrote it down
    # and later takes part in another role reads it only as that role may.
    AUTEUR_LEEST_ALTIJD = False

    netwerk = models.OneToOneField(Netwerk, on_delete=models.CASCADE, related_name="verhaal")
    tekst = models.TextField(_("mijn verhaal"), max_length=20000, blank=True)
    zichtbaarheid = models.CharField(
        _("wie mag dit lezen"), max_length=14, choices=Zichtbaarheid, default=Zichtbaarheid.PRIVE
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    bijgewerkt = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = ZichtbaarQuerySet.as_manager()

    class Meta:
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")

    def __str__(self) -> str:
        return f"Verhaal van {self.netwerk}"


class Perspectief(VersionedModel):
    """One network member's own view of the situation."""

    AUTEUR_LEEST_ALTIJD = True  # one's own view, always

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="perspectieven")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    persoon = models.ForeignKey(
        Persoon, null=True, blank=True, on_delete=models.SET_NULL, related_name="perspectieven"
    )
    situatie = models.TextField(_("Wat is de situatie?"), max_length=5000, blank=True)
    wie_last = models.TextField(_("Wie heeft er last?"), max_length=5000, blank=True)
    kijk = models.TextField(_("Wat is jouw kijk?"), max_length=5000, blank=True)
    bijdrage = models.TextField(_("Wat wil jij bijdragen?"), max_length=5000, blank=True)
    zichtbaarheid = models.CharField(
        _("wie mag dit lezen"), max_length=14, choices=Zichtbaarheid, default=Zichtbaarheid.PRIVE
    )
    bijgewerkt = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = ZichtbaarQuerySet.as_manager()

    class Meta:
        verbose_name = _("perspectief")
        verbose_name_plural = _("perspectieven")
        ordering = ["bijgewerkt"]
        constraints = [
            models.UniqueConstraint(fields=["netwerk", "auteur"], name="one_perspectief_each")
        ]

    def __str__(self) -> str:
        return f"Perspectief van {self.persoon or self.auteur}"


class Momentopname(models.Model):
    """The network as it stood on one day, kept so two moments can be compared.

    `personen` is a frozen copy, so later edits and deletions do not change the past:
    a list of {"id", "naam", "soort", "tijd", "kwaliteit", "ring"}.
    """

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="momentopnamen")
    datum = models.DateField(_("datum"), default=date.today)
    naam = models.CharField(_("naam"), max_length=120, blank=True)
    personen = models.JSONField(default=list, editable=False)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("momentopname")
        verbose_name_plural = _("momentopnamen")
        ordering = ["-datum", "-created"]

    def __str__(self) -> str:
        return self.naam or f"{self.datum:%d-%m-%Y}"

    @staticmethod
    def freeze(personen) -> list[dict]:
        return [
            {
                "id": p.pk,
                "naam": p.naam,
                "soort": p.soort,
                "tijd": p.tijd,
                "kwaliteit": p.kwaliteit,
                "ring": p.cirkelring,
                "hoofdpersoon": p.is_hoofdpersoon,
            }
            for p in personen
        ]

    @classmethod
    def maak(cls, netwerk: Netwerk, *, naam: str = "", datum: date | None = None, user=None):
        return cls.objects.create(
            netwerk=netwerk,
            naam=naam,
            datum=datum or timezone.localdate(),
            gemaakt_door=user,
            personen=cls.freeze(Persoon.objects.in_netwerk(netwerk)),
        )


class Balansmeting(models.Model):
    """How many informal network members and professionals were active on one day.

    Kept up to date whenever the groslijst changes (see signals.py), one row per day,
    so the netwerkbalans can show how the network grew or shrank over time.
    """

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="balans")
    datum = models.DateField()
    informeel = models.PositiveIntegerField(default=0)
    professioneel = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("balansmeting")
        verbose_name_plural = _("balansmetingen")
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(fields=["netwerk", "datum"], name="one_meting_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.datum}: {self.informeel} / {self.professioneel}"

    @staticmethod
    def tel(netwerk_id: int) -> tuple[int, int]:
        """(informeel, professioneel): the people active now, the hoofdpersoon not counted."""
        actief = Persoon.objects.filter(
            netwerk_id=netwerk_id, tijd=Persoon.Tijd.HEDEN, is_hoofdpersoon=False
        )
        counts = actief.aggregate(
            professioneel=models.Count("pk", filter=Q(soort=Persoon.Soort.PROFESSIONAL)),
            alle=models.Count("pk"),
        )
        return counts["alle"] - counts["professioneel"], counts["professioneel"]

    @classmethod
    def meet(cls, netwerk_id: int, datum: date | None = None) -> Balansmeting:
        informeel, professioneel = cls.tel(netwerk_id)
        meting, _ = cls.objects.update_or_create(
            netwerk_id=netwerk_id,
            datum=datum or timezone.localdate(),
            defaults={"informeel": informeel, "professioneel": professioneel},
        )
        return meting
