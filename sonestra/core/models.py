"""The shared model: Organisatie, Netwerk, Persoon, Deelname, invitations and the access log."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .logboek import in_onderhoud
from .roles import DEELNAME_ROLLEN


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Organisatie(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    tweestaps_verplicht = models.BooleanField(
        _("inloggen in twee stappen verplicht"),
        default=False,
        help_text=_("Medewerkers loggen in met hun wachtwoord en een code uit een app."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class User(AbstractUser):
    """A login. Staff belong to an Organisatie; family members log in by link and have none."""

    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medewerkers",
    )
    is_coordinator = models.BooleanField(
        _("coördinator"),
        default=False,
        help_text=_("Ziet de status van alle netwerken van de eigen organisatie."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_medewerker(self) -> bool:
        return self.organisatie_id is not None


class NetwerkQuerySet(models.QuerySet):
    def for_user(self, user) -> NetwerkQuerySet:
        """The Netwerken this login takes part in (an active Deelname)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(deelnames__user=user, deelnames__beeindigd__isnull=True)

    def for_coordinator(self, user) -> NetwerkQuerySet:
        if not (user.is_authenticated and user.is_coordinator and user.organisatie_id):
            return self.none()
        return self.filter(organisatie_id=user.organisatie_id)

    def actief(self) -> NetwerkQuerySet:
        return self.filter(gearchiveerd__isnull=True)

    def with_counts(self) -> NetwerkQuerySet:
        """Annotate aantal_personen and aantal_deelnemers (active), one subquery each,
        so people and members never multiply each other in a join."""

        def count(queryset):
            counted = queryset.order_by().values("netwerk").annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        return self.annotate(
            aantal_personen=count(Persoon.objects.filter(netwerk=OuterRef("pk"))),
            aantal_deelnemers=count(Deelname.objects.actief().filter(netwerk=OuterRef("pk"))),
        )


class VersionedModel(models.Model):
    """Optimistic version check: a save names the version it started from.

    Two people editing the same record never overwrite each other silently; the
    second save finds the version moved on and gets to see the other's change.
    """

    versie = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_if_version(self, expected: int, fields: list[str]) -> bool:
        model = type(self)
        values = {}
        new_files = []
        for name in fields:
            field = model._meta.get_field(name)
            value = getattr(self, field.attname)
            if isinstance(field, models.FileField) and value and not value._committed:
                new_files.append(value)
            # pre_save commits an uploaded file to storage and gives the value to store.
            values[field.attname] = field.pre_save(self, add=False)
        updated = model._default_manager.filter(pk=self.pk, versie=expected).update(
            versie=F("versie") + 1, **values
        )
        if updated:
            self.versie = expected + 1
        else:
            # The other person's version stays; a file uploaded for the losing save goes.
            for file in new_files:
                file.storage.delete(file.name)
        return bool(updated)


class Netwerk(VersionedModel):
    """Everything around one central person (or one gezin)."""

    titel = models.CharField(_("naam van het netwerk"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT
    )
    created = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gearchiveerd = models.DateTimeField(_("gearchiveerd op"), null=True, blank=True)

    objects = NetwerkQuerySet.as_manager()

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["titel"]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("core:netwerk", args=[self.pk])


def _label(choices: type[models.TextChoices], value: str) -> str:
    try:
        return choices(value).label if value else ""
    except ValueError:  # a value from before a choice was renamed: show it as it is
        return value


def _photo_path(instance: Persoon, filename: str) -> str:
    # A random name: the file name says nothing about the person.
    return f"fotos/{instance.netwerk_id}/{uuid.uuid4().hex}.jpg"


# The rings of the netwerkcirkel, closest first; the last is for professionals.
RING_NAMEN = {
    1: _("heel dichtbij"),
    2: _("dichtbij"),
    3: _("verder weg"),
    4: _("professionals"),
}


class PersoonQuerySet(models.QuerySet):
    def in_netwerk(self, netwerk: Netwerk) -> PersoonQuerySet:
        return self.filter(netwerk=netwerk)


class Persoon(VersionedModel):
    """Anyone in one Netwerk, the central person included.

    There is no global registry of people: the same grandmother in two Netwerken
    is two records (data minimisation). Every tool of the Netwerkkompas is a view
    of these records, so the groslijst, the cirkel and the genogram never disagree.
    """

    class Soort(models.TextChoices):
        FAMILIE = "familie", _("Familie")
        VRIENDEN = "vrienden", _("Vrienden")
        BUURT = "buurt", _("Buurt")
        SCHOOL_WERK = "school_werk", _("School, werk of vereniging")
        VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
        PROFESSIONAL = "professional", _("Professional")

    class Tijd(models.TextChoices):
        VERLEDEN = "verleden", _("Vroeger")
        HEDEN = "heden", _("Nu")
        MOGELIJK = "mogelijk", _("Misschien later")

    class Kwaliteit(models.TextChoices):
        POSITIEF = "positief", _("Positief")
        NEUTRAAL = "neutraal", _("Neutraal")
        MOEIZAAM = "moeizaam", _("Moeizaam")

    class Contact(models.TextChoices):
        DAGELIJKS = "dagelijks", _("Elke dag")
        WEKELIJKS = "wekelijks", _("Elke week")
        MAANDELIJKS = "maandelijks", _("Elke maand")
        SOMS = "soms", _("Een paar keer per jaar")
        NOOIT = "nooit", _("Geen contact")

    class Geslacht(models.TextChoices):
        VROUW = "v", _("Vrouw")
        MAN = "m", _("Man")
        ANDERS = "x", _("Anders of onbekend")

    RINGEN = tuple(RING_NAMEN)
    PROFESSIONAL_RING = 4

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="personen")
    naam = models.CharField(_("naam"), max_length=120)
    is_hoofdpersoon = models.BooleanField(_("hoofdpersoon"), default=False)
    foto = models.ImageField(_("foto"), upload_to=_photo_path, blank=True)
    geboortejaar = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    soort = models.CharField(_("soort relatie"), max_length=20, choices=Soort, blank=True)
    tijd = models.CharField(_("wanneer"), max_length=10, choices=Tijd, default=Tijd.HEDEN)
    kwaliteit = models.CharField(
        _("hoe is het contact"), max_length=10, choices=Kwaliteit, blank=True
    )
    contact = models.CharField(_("hoe vaak contact"), max_length=12, choices=Contact, blank=True)
    ring = models.PositiveSmallIntegerField(
        _("ring in de netwerkcirkel"),
        null=True,
        blank=True,
        choices=[(n, format_lazy("{} · {}", n, naam)) for n, naam in RING_NAMEN.items()],
        help_text=_("Leeg: de cirkel kiest een ring bij de soort relatie."),
    )
    geslacht = models.CharField(_("geslacht"), max_length=1, choices=Geslacht, blank=True)
    overleden = models.BooleanField(_("overleden"), default=False)
    overlijdensjaar = models.PositiveSmallIntegerField(_("overleden in"), null=True, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notities = models.TextField(_("notities"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = PersoonQuerySet.as_manager()

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["-is_hoofdpersoon", "naam"]

    def __str__(self) -> str:
        return self.naam

    @property
    def initialen(self) -> str:
        parts = [p for p in self.naam.replace("-", " ").split() if p[:1].isupper()]
        parts = parts or self.naam.split()
        letters = parts[0][:1] + (parts[-1][:1] if len(parts) > 1 else "")
        return letters.upper() or "?"

    # The groslijst shows these labels for up to 150 people per page; an enum lookup is
    # many times cheaper than Django's generated get_FOO_display (it rebuilds a dict).
    def get_soort_display(self) -> str:
        return _label(self.Soort, self.soort)

    def get_tijd_display(self) -> str:
        return _label(self.Tijd, self.tijd)

    def get_kwaliteit_display(self) -> str:
        return _label(self.Kwaliteit, self.kwaliteit)

    def get_contact_display(self) -> str:
        return _label(self.Contact, self.contact)

    @property
    def is_professional(self) -> bool:
        return self.soort == self.Soort.PROFESSIONAL

    @property
    def cirkelring(self) -> int:
        """The ring this person is drawn in: their own choice, else one that fits the kind."""
        if self.ring:
            return self.ring
        if self.is_professional:
            return self.PROFESSIONAL_RING
        return 2 if self.soort == self.Soort.FAMILIE else 3

    def foto_url(self) -> str:
        if not self.foto:
            return ""
        return reverse("core:persoon_foto", args=[self.netwerk_id, self.pk]) + f"?v={self.versie}"


class DeelnameQuerySet(models.QuerySet):
    def actief(self) -> DeelnameQuerySet:
        return self.filter(beeindigd__isnull=True)


class Deelname(models.Model):
    """A login's access to one Netwerk, with a role."""

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="deelnames")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deelnames"
    )
    rol = models.CharField(
        _("rol"), max_length=20, choices=[(r.value, r.label) for r in DEELNAME_ROLLEN]
    )
    persoon = models.ForeignKey(
        Persoon,
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deelnames",
    )
    created = models.DateTimeField(auto_now_add=True)
    beeindigd = models.DateTimeField(_("toegang beëindigd op"), null=True, blank=True)

    objects = DeelnameQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(
                fields=["netwerk", "user"],
                condition=Q(beeindigd__isnull=True),
                name="one_active_deelname_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_rol_display()} in {self.netwerk}"


class UitnodigingQuerySet(models.QuerySet):
    def geldig(self) -> UitnodigingQuerySet:
        return self.filter(ingetrokken__isnull=True, verloopt__gt=timezone.now())


class Uitnodiging(models.Model):
    """A personal, long-lived and revocable link that brings one person into a Netwerk.

    Only a hash of the token is stored; the link itself is shown once, when it is made.
    """

    netwerk = models.ForeignKey(Netwerk, on_delete=models.CASCADE, related_name="uitnodigingen")
    persoon = models.ForeignKey(
        Persoon, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="uitnodigingen"
    )
    rol = models.CharField(
        _("rol"), max_length=20, choices=[(r.value, r.label) for r in DEELNAME_ROLLEN]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verloopt = models.DateTimeField(_("geldig tot"))
    ingetrokken = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uitnodigingen",
        help_text=_("De login die deze uitnodiging heeft aangenomen."),
    )
    aangenomen = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    laatst_gebruikt = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.persoon} ({self.get_rol_display()})"

    def new_token(self) -> str:
        """Give this invitation a fresh link; the old link stops working."""
        token = _new_token()
        self.token_hash = hash_token(token)
        self.verloopt = timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        return token

    @classmethod
    def find(cls, token: str) -> Uitnodiging | None:
        return (
            cls.objects.select_related("netwerk", "persoon")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def is_geldig(self) -> bool:
        return self.ingetrokken is None and self.verloopt > timezone.now()

    @staticmethod
    def url_for(token: str) -> str:
        return settings.SITE_URL + reverse("core:uitnodiging", args=[token])


class LoginLink(models.Model):
    """A short-lived, one-time login link for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    verloopt = models.DateTimeField()
    gebruikt = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Inloglink voor {self.user} tot {self.verloopt:%Y-%m-%d %H:%M}"

    @classmethod
    def create_for(cls, user, max_age: int | None = None) -> str:
        token = _new_token()
        seconds = settings.LOGIN_LINK_MAX_AGE if max_age is None else max_age
        cls.objects.create(
            user=user,
            token_hash=hash_token(token),
            verloopt=timezone.now() + timedelta(seconds=seconds),
        )
        return token

    @classmethod
    def find(cls, token: str) -> LoginLink | None:
        return cls.objects.select_related("user").filter(token_hash=hash_token(token)).first()

    @property
    def is_geldig(self) -> bool:
        return self.gebruikt is None and self.verloopt > timezone.now() and self.user.is_active

    def use(self) -> bool:
        """Mark the link used; False when someone else used it first (one time only)."""
        return bool(
            LoginLink.objects.filter(pk=self.pk, gebruikt__isnull=True).update(
                gebruikt=timezone.now()
            )
        )

    @staticmethod
    def url_for(token: str) -> str:
        return settings.SITE_URL + reverse("login_link", args=[token])


class AppendOnlyQuerySet(models.QuerySet):
    """Lines of the access log can be added and read; never changed, and only deleted
    inside `log_onderhoud()` (retention, erasing a Netwerk). The database refuses the same
    (triggers, migration 0004)."""

    def update(self, **kwargs):
        raise PermissionDenied("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        if not in_onderhoud():
            raise PermissionDenied("Het toegangslog kan niet worden verwijderd.")
        return super().delete()


class Toegangslog(models.Model):
    """One line of the access log, in the shape NEN 7513 asks for. Append-only.

    `tijd` is stored in UTC with microseconds (to the second or better); pages show it to
    the second. Lines are deleted only inside `sonestra.core.logboek.log_onderhoud()`."""

    class Actie(models.TextChoices):
        CREATE = "C", _("toegevoegd")
        READ = "R", _("bekeken")
        UPDATE = "U", _("gewijzigd")
        DELETE = "D", _("verwijderd")
        EXPORT = "E", _("geëxporteerd of geprint")
        LOGIN = "L", _("ingelogd")
        LOGOUT = "O", _("uitgelogd")

    class Uitkomst(models.TextChoices):
        TOEGESTAAN = "toegestaan", _("toegestaan")
        GEWEIGERD = "geweigerd", _("geweigerd")

    tijd = models.DateTimeField(default=timezone.now, db_index=True)  # stored in UTC
    actie = models.CharField(max_length=1, choices=Actie.choices)
    # A log outlives what it is about: deleting a Netwerk or a user leaves its lines as
    # they are (no database constraint, nothing set to NULL; the database refuses every
    # UPDATE of a line). The ids stay as plain numbers: `netwerk_id` / `netwerk_ref` and
    # `user_id`. So `line.netwerk` or `line.user` can point at nothing: read the ids, or
    # `select_related()` (a missing row then gives None).
    netwerk = models.ForeignKey(
        Netwerk,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    netwerk_ref = models.PositiveBigIntegerField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    rol = models.CharField(max_length=20, blank=True)
    uitkomst = models.CharField(max_length=10, choices=Uitkomst.choices)
    adres = models.GenericIPAddressField(null=True, blank=True)
    onderwerp = models.CharField(max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegangslog")
        verbose_name_plural = _("toegangslog")
        ordering = ["-tijd"]
        indexes = [models.Index(fields=["netwerk_ref", "-tijd"])]

    def __str__(self) -> str:
        return f"{self.tijd:%Y-%m-%d %H:%M:%S} {self.actie} {self.gebruikersnaam} {self.uitkomst}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not in_onderhoud():
            raise PermissionDenied("Het toegangslog kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)


class Sessie(models.Model):
    """An open session of a login, so it can be ended from elsewhere: "overal uitloggen",
    or at once when someone's access is taken away. Sessions live in the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessies"
    )
    sleutel = models.CharField(max_length=40, unique=True)
    begonnen = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self) -> str:
        return f"{self.user_id} {self.begonnen:%Y-%m-%d %H:%M}"
