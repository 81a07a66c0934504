"""Signals the beraad sends to what builds on it (the Actieteam), without knowing it."""

from django.dispatch import Signal

# Sent inside the transaction that closes a beraad, once the plan is version 1.
# Arguments: plan (Actieplan), user (who closed the beraad).
plan_vastgesteld = Signal()
