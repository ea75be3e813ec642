"""Signals people sends for writes that bypass model signals (bulk_create/bulk_update/update()): apps caching
figures derived from personnel data (compliance.cache) listen and invalidate."""

from django.dispatch import Signal

# Sent inside the writing transaction after bulk writes to bodies, units, positions, servants or their
# employment records (the E-kyzmet import, the demo data). No arguments.
personnel_bulk_changed = Signal()
