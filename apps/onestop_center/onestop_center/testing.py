"""Factories for tests: every record gets a unique key, so tests never depend on demo data."""

import random

import frappe
from frappe.utils import now_datetime


def unique_digits(length: int) -> str:
	return "".join(random.choice("0123456789") for _ in range(length))


def unique_token(length: int = 6) -> str:
	return frappe.generate_hash(length=length).upper()


def make_agency(parent_agency: str | None = None, **fields):
	token = unique_token()
	return frappe.get_doc(
		{
			"doctype": "Agency",
			"agency_name": f"Test Agency {token}",
			"identifier_code": f"T{token}.00.12.H56",
			"kind": "Department",
			"parent_agency": parent_agency,
			**fields,
		}
	).insert()


def make_procedure(agency: str | None = None, **fields):
	values = {
		"doctype": "Procedure",
		"procedure_code": f"9.{unique_digits(6)}.{unique_token(4)}",
		"procedure_name": "Test procedure",
		"responsible_agency": agency or make_agency().name,
		"duration_unit": "Working Day",
		"duration_in_person": 5,
		"legal_basis": "Test decree",
		"documents": [
			{"document_name": "Application form", "originals": 1, "copies": 0, "mandatory": 1},
			{"document_name": "Copy of identity card", "originals": 0, "copies": 1, "mandatory": 1},
		],
		"fees": [{"fee_name": "Processing charge", "fee_kind": "Charge", "amount": 50000}],
	}
	values.update(fields)
	return frappe.get_doc(values).insert()


def make_applicant(**fields):
	return frappe.get_doc(
		{
			"doctype": "Applicant",
			"applicant_type": "Citizen",
			"full_name": "Nguyễn Văn Thử",
			"id_number": "0" + unique_digits(11),
			"phone": "0912345678",
			"address": "1 Lê Lợi, Vũng Tàu",
			**fields,
		}
	).insert()


def make_dossier(procedure: str | None = None, applicant: str | None = None, **fields):
	return frappe.get_doc(
		{
			"doctype": "Dossier",
			"procedure": procedure or make_procedure().name,
			"applicant": applicant or make_applicant().name,
			"channel": "Counter",
			"received_at": fields.pop("received_at", None) or now_datetime(),
			**fields,
		}
	).insert()


def make_user(*roles: str, user_type: str = "System User", **fields):
	"""A desk user (or, with ``user_type="Website User"``, a portal user) with exactly the given roles."""
	from onestop_center.setup.bulk import bulk_import

	email = f"test-{unique_token(8).lower()}@onestop.invalid"
	with bulk_import():
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "Test",
				"enabled": 1,  # an import sets no defaults
				"send_welcome_email": 0,
				"user_type": user_type,
				**fields,
			}
		).insert(ignore_permissions=True)
	user.add_roles(*roles)
	return user.name


def make_received_dossier(agency: str | None = None, **applicant_fields):
	"""A dossier received through the lifecycle (with its dossier code), of a procedure of
	``agency`` that asks for no documents, for an applicant with ``applicant_fields``."""
	from onestop_center.dossiers import lifecycle

	procedure = make_procedure(agency, documents=[])
	dossier = make_dossier(procedure.name, make_applicant(**applicant_fields).name)
	return lifecycle.apply(dossier, lifecycle.RECEIVE)
