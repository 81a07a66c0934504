"""Django's `flush`, through the access log's upkeep door.

`flush` empties every table, the access log too. The database refuses to empty the log
outside `log_onderhoud()` (triggers, migration 0004), so this runs Django's own command
inside it. Django's test runner uses `flush` after each test with a real transaction
(browser tests); an operator who types `manage.py flush` is asked to confirm first, as
ever. In production nothing calls it.
"""

from django.core.management.commands import flush

from sonestra.core.logboek import log_onderhoud


class Command(flush.Command):
    def handle(self, **options):
        with log_onderhoud(using=options["database"]):
            return super().handle(**options)
