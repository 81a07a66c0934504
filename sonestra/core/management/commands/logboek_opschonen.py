"""Retention of the access log: remove lines older than LOGBOEK_BEWAARTERMIJN_DAGEN.

Run it daily from cron (see the README). It deletes inside `log_onderhoud()`, the only
way the database lets lines go, and writes one line of its own: how many, up to when.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sonestra.core.logboek import log_onderhoud
from sonestra.core.models import Toegangslog

# Who the command's own line names (there is no logged-in user).
NAAM = "logboek_opschonen"


def _regels(aantal: int) -> str:
    return f"{aantal} regel" if aantal == 1 else f"{aantal} regels"


class Command(BaseCommand):
    help = (
        "Verwijdert regels uit het toegangslog die ouder zijn dan de bewaartermijn "
        "(LOGBOEK_BEWAARTERMIJN_DAGEN) en schrijft daarover één regel in het log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tellen wat weg zou gaan; niets verwijderen en niets schrijven.",
        )

    def handle(self, *args, **options):
        dagen = settings.LOGBOEK_BEWAARTERMIJN_DAGEN
        if dagen < 1:
            raise CommandError(f"LOGBOEK_BEWAARTERMIJN_DAGEN is {dagen}; dat moet minstens 1 zijn.")
        grens = (timezone.now() - timedelta(days=dagen)).replace(microsecond=0)
        tot = f"{grens.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
        oud = Toegangslog.objects.filter(tijd__lt=grens)
        if options["dry_run"]:
            self.stdout.write(
                f"Proef: te verwijderen {_regels(oud.count())} van voor {tot} "
                f"(bewaartermijn {dagen} dagen). Er is niets veranderd."
            )
            return
        with log_onderhoud():
            aantal, _ = oud.delete()
            Toegangslog.objects.create(
                actie=Toegangslog.Actie.DELETE,
                uitkomst=Toegangslog.Uitkomst.TOEGESTAAN,
                gebruikersnaam=NAAM,
                onderwerp=f"{NAAM}: {_regels(aantal)} van voor {tot} verwijderd",
            )
        self.stdout.write(
            f"{_regels(aantal)} van voor {tot} verwijderd (bewaartermijn {dagen} dagen)."
        )
