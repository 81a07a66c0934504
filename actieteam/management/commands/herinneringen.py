"""Send the Actieteam's e-mails: reminders before a due date and "lukt niet" meldingen.

Meant for cron, every 15 minutes or every hour (see the README); running it more often
never sends anything twice.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from actieteam.mail import stuur_herinneringen, stuur_meldingen

# Days before the due date the reminder goes out (0: only on the day itself).
STANDAARD_DAGEN = 2


def _datum(tekst: str) -> date:
    try:
        return date.fromisoformat(tekst)
    except ValueError as error:
        raise CommandError(f"--vandaag: geen datum (JJJJ-MM-DD): {tekst!r}") from error


# Local hours in which e-mails go out: from 8:00 until 21:00.
STANDAARD_UREN = (8, 21)


class Command(BaseCommand):
    help = (
        "Stuurt herinneringen voor afspraken die binnenkort klaar moeten zijn, en een melding "
        "aan het aanspreekpunt als iets niet lukt. Elke e-mail gaat één keer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Laat zien wat er verstuurd zou worden; verstuurt en bewaart niets.",
        )
        parser.add_argument(
            "--vandaag",
            type=_datum,
            default=None,
            help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD), voor tests.",
        )

    def handle(self, *args, dry_run: bool = False, vandaag: date | None = None, **options):
        if vandaag is None:
            # Phones are not pinged at night: outside the hours nothing goes out, and the
            # first run in the morning sends what is due.
            vanaf, tot = getattr(settings, "HERINNERING_UREN", STANDAARD_UREN)
            uur = timezone.localtime().hour
            if not vanaf <= uur < tot:
                self.stdout.write(
                    f"Buiten de verzendtijd ({vanaf}:00-{tot}:00): er gaat nu niets uit."
                )
                return
        vandaag = vandaag or timezone.localdate()
        dagen = getattr(settings, "HERINNERING_DAGEN", STANDAARD_DAGEN)
        schrijf = self.stdout.write
        # The e-mails are in the site's language: nobody's request chose another.
        with translation.override(settings.LANGUAGE_CODE):
            herinneringen = stuur_herinneringen(vandaag, dagen, droog=dry_run, schrijf=schrijf)
            meldingen = stuur_meldingen(droog=dry_run, schrijf=schrijf)
        woord = "zou versturen" if dry_run else "verstuurd"
        self.stdout.write(
            f"Herinneringen ({vandaag.isoformat()}, {dagen} dagen vooruit): "
            f"{herinneringen.verstuurd} {woord}, {herinneringen.overgeslagen} al door een "
            f"andere run, {herinneringen.mislukt} mislukt."
        )
        self.stdout.write(
            f"Meldingen 'lukt niet': {meldingen.verstuurd} {woord}, "
            f"{meldingen.overgeslagen} zonder e-mail afgehandeld, {meldingen.mislukt} mislukt."
        )
        if herinneringen.mislukt or meldingen.mislukt:
            # Cron mails a failing job's output; the next run tries these again.
            raise CommandError(
                "Niet alle e-mails zijn verstuurd; de volgende run probeert het opnieuw."
            )
