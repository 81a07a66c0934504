from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sonestra.core.demo import DEMO_LINKS_UITLEG, ORGANISATIE, build_demo
from sonestra.core.models import Netwerk


class Command(BaseCommand):
    help = "Bouwt de demo (Het netwerk van Marieke) en toont voor elke rol een inloglink."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ook-zonder-debug",
            action="store_true",
            help="Ook bouwen als DEBUG uit staat (bijvoorbeeld op een demo-server).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["ook_zonder_debug"]:
            # The demo makes staff accounts with a published password.
            raise CommandError(
                "DEBUG staat uit: dit lijkt productie. De demo maakt accounts met een bekend "
                "wachtwoord. Wil je dat echt, gebruik dan --ook-zonder-debug."
            )
        links = build_demo()
        # The apps add their part, in the order of the SNS flow (imported here: the
        # shared model never depends on the apps).
        from actieteam.demo import build_actieteam, build_organisatie, samenvatting
        from beraad.demo import build_beraad, demo_antwoordlink
        from netwerkkompas.demo import build_kompas

        marieke = Netwerk.objects.get(
            titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE
        )
        build_kompas(marieke)
        build_beraad(marieke)
        build_actieteam(marieke)
        build_organisatie(marieke.organisatie)
        self.stdout.write(self.style.SUCCESS("Demo klaar: Het netwerk van Marieke."))
        for regel in samenvatting(marieke):
            self.stdout.write(regel)
        self.stdout.write("Open een link in je browser om in te loggen in die rol:\n")
        for link in links:
            self.stdout.write(f"  {link.rol:<34} {link.naam}")
            self.stdout.write(f"      {link.url}")
            if link.wachtwoord:
                self.stdout.write(f"      of met wachtwoord: {link.wachtwoord}")
        naam, url = demo_antwoordlink(marieke)
        self.stdout.write(f"\nUitnodiging voor het vervolgberaad, voor {naam} (zonder inloggen):")
        self.stdout.write(f"      {url}")
        self.stdout.write(f"\n{DEMO_LINKS_UITLEG}")
