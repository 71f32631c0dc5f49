"""Fee receipts: items taken from the dossier's frozen fees, amount checks."""

import frappe
from frappe import _
from frappe.utils import flt


def fill_items_from_dossier(receipt) -> None:
	"""Prefill an empty receipt from the fees frozen on its dossier, and the payer's name."""
	if not receipt.dossier:
		return
	dossier = frappe.get_doc("Dossier", receipt.dossier)
	receipt.payer = receipt.payer or dossier.applicant_name
	if not receipt.items:
		for fee in dossier.fees:
			receipt.append(
				"items", {"fee_name": fee.fee_name, "fee_kind": fee.fee_kind, "amount": fee.amount}
			)


def validate_amount(receipt) -> None:
	"""The amount is the sum of the items (filled in when left empty) and must be positive."""
	total = sum(flt(item.amount, item.precision("amount")) for item in receipt.items)
	if not flt(receipt.amount):
		receipt.amount = total
	if flt(receipt.amount, receipt.precision("amount")) != flt(total, receipt.precision("amount")):
		frappe.throw(
			_("The amount {0} is not the sum of the items ({1})").format(receipt.amount, total),
			title=_("Amount mismatch"),
		)
	if flt(receipt.amount) <= 0:
		frappe.throw(_("The amount of a fee receipt must be greater than zero"), title=_("Invalid amount"))
