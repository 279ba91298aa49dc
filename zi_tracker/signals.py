"""Signals through which a lower layer lets the apps above it join in."""

from django.dispatch import Signal

# Sent by seed_demo inside its transaction, with satker, year and users (username -> user):
# apps above evidence add their demo data (surveys adds a survey with responses).
demo_seeded = Signal()
