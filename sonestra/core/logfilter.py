"""Secret links stay out of the server's log.

Django's request logger writes the path of a 404, a 410 or an error ("Gone: /u/…/"), and
for an invitation, a login link, a beraad answer, an e-mail opt-out or a calendar feed the
path holds the secret itself. Anyone who reads the log must not be able to use them.
"""

from __future__ import annotations

import logging
import re

# The URL prefixes whose next part is a token (see the urls.py files).
TOKEN_PAD = re.compile(r"/(u|b|inloggen/link|e-mail/uit|agenda)/[^/\s?]+")


def zonder_tokens(tekst: str) -> str:
    return TOKEN_PAD.sub(r"/\1/…", tekst)


class ZonderTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = zonder_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(zonder_tokens(a) if isinstance(a, str) else a for a in record.args)
        return True
