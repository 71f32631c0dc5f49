"""Existing dossiers get their ``Dossier Routing`` rows (holder, consulted and handed-to agencies),
which department users' dossier lists now read instead of the child tables. Idempotent: the rows
are rebuilt from the dossiers and their child tables."""

from onestop_center.dossiers import routing


def execute():
	routing.rebuild()
