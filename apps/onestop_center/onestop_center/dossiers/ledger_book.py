# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The tracking ledger's book and entry number of a received dossier ("Vào Sổ theo dõi hồ sơ,
Quyển số: … Số thứ tự: …" on the receipt and the control slip).

Each counter keeps one book a year (``<counter number>/<year>``); dossiers received without a
counter go to the book of their channel (``TT`` online, ``BC`` by post). Entries are numbered
1, 2, 3… in the book with no gap and no repeat: the number is taken like the dossier code
(:mod:`onestop_center.dossiers.dossier_code`), by one upsert of the book's row in ``tabSeries``
that holds the row lock until the reception commits, and it is taken last in the reception,
right after the code, so that receptions at the same counter queue for milliseconds only.
"""

import frappe

from onestop_center.dossiers.dossier_code import next_series_number, reception_day

SERIES_PREFIX = "SOTHEODOI-"
CHANNEL_BOOKS = {"Online": "TT", "Post": "BC"}


def book_of(dossier) -> str:
	"""The book a dossier is entered in: its counter's (or its channel's) book of the reception year."""
	year = reception_day(dossier.received_at).year
	shelf = dossier.get("counter") or CHANNEL_BOOKS.get(dossier.get("channel")) or "TN"
	return f"{shelf}/{year}"


def next_entry(book: str) -> int:
	"""Take the next entry number of ``book`` (row lock until the transaction ends)."""
	return next_series_number(SERIES_PREFIX + book)


def enter_in_ledger(dossier) -> None:
	"""Give a just-received dossier its book and entry number (once; written without a save)."""
	if dossier.get("ledger_number") or not dossier.get("received_at"):
		return
	book = book_of(dossier)
	number = next_entry(book)
	frappe.db.set_value(
		"Dossier", dossier.name, {"ledger_book": book, "ledger_number": number}, update_modified=False
	)
	dossier.ledger_book, dossier.ledger_number = book, number
