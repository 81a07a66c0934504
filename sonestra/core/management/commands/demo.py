from django.core.management.base import BaseCommand

from sonestra.core.demo import build_demo


class Command(BaseCommand):
    help = "Bouwt de demo (Het netwerk van Marieke) en toont voor elke rol een inloglink."

    def handle(self, *args, **options):
        links = build_demo()
        self.stdout.write(self.style.SUCCESS("Demo klaar: Het netwerk van Marieke."))
        self.stdout.write("Open een link in je browser om in te loggen in die rol:\n")
        for link in links:
            self.stdout.write(f"  {link.rol:<34} {link.naam}")
            self.stdout.write(f"      {link.url}")
            if link.wachtwoord:
                self.stdout.write(f"      of met wachtwoord: {link.wachtwoord}")
        self.stdout.write(
            "\nDe links van familieleden blijven werken; de andere links werken één keer. "
            "Voer 'python manage.py demo' opnieuw uit voor nieuwe links."
        )
