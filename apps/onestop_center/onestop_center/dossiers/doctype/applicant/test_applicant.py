# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from onestop_center.dossiers.applicant_key import applicant_registry_key, find_applicant_name
from onestop_center.testing import make_applicant, make_user, unique_digits


def make_organisation(tax_code, **fields):
	return make_applicant(
		applicant_type="Organisation",
		full_name="Công ty Thử nghiệm",
		id_number=None,
		tax_code=tax_code,
		**fields,
	)


class TestApplicant(FrappeTestCase):
	def test_citizen_is_found_by_id_number_not_named_by_it(self):
		id_number = "0" + unique_digits(11)
		applicant = make_applicant(id_number=f" {id_number[:6]} {id_number[6:]} ")
		self.assertEqual(applicant.id_number, id_number)
		self.assertNotIn(id_number, applicant.name)
		self.assertEqual(find_applicant_name(id_number), applicant.name)
		self.assertEqual(find_applicant_name(f"{id_number[:4]} {id_number[4:]}"), applicant.name)
		self.assertIsNone(find_applicant_name("not a key"))
		self.assertIsNone(find_applicant_name(["077085012345"]))

	def test_id_number_has_12_digits(self):
		for bad in ("", "12345678901", "1234567890123", "12345678901A", "abcdefghijkl"):
			with self.subTest(id_number=bad), self.assertRaises(frappe.ValidationError):
				make_applicant(id_number=bad)

	def test_organisation_is_found_by_tax_code(self):
		head = "0" + unique_digits(9)
		organisation = make_organisation(head)
		self.assertNotIn(head, organisation.name)
		self.assertEqual(find_applicant_name(head), organisation.name)
		branch = make_organisation(head + "001")
		self.assertEqual(branch.tax_code, f"{head}-001")
		self.assertEqual(find_applicant_name(f"{head}-001"), branch.name)
		self.assertEqual(make_organisation(head + "-002").tax_code, f"{head}-002")

	def test_tax_code_format(self):
		for bad in ("", "123456789", "12345678901", "0101234567-01", "0101234567/001", "01012345AB"):
			with self.subTest(tax_code=bad), self.assertRaises(frappe.ValidationError):
				make_organisation(bad)

	def test_second_registration_is_refused(self):
		applicant = make_applicant()
		with self.assertRaises(frappe.DuplicateEntryError):
			make_applicant(id_number=applicant.id_number, full_name="Someone else")
		organisation = make_organisation("0" + unique_digits(9))
		with self.assertRaises(frappe.DuplicateEntryError):
			make_organisation(organisation.tax_code)

	def test_registry_keys_are_unique_in_the_database(self):
		"""Two registrations racing past the friendly check still meet the unique index."""
		applicant = make_applicant()
		twin = frappe.get_doc(
			{"doctype": "Applicant", "full_name": "Twin", "id_number": applicant.id_number}
		)
		twin.name = frappe.generate_hash(length=10)
		with self.assertRaises(frappe.UniqueValidationError):
			twin.db_insert()

	def test_key_field_of_other_type_may_stay_empty(self):
		# many citizens without a tax code: an empty unique field is stored as NULL
		first, second = make_applicant(), make_applicant()
		self.assertIsNone(frappe.db.get_value("Applicant", first.name, "tax_code"))
		self.assertIsNone(frappe.db.get_value("Applicant", second.name, "tax_code"))

	def test_key_cannot_change(self):
		applicant = make_applicant()
		applicant.id_number = "0" + unique_digits(11)
		with self.assertRaises(frappe.ValidationError):
			applicant.save()
		applicant.reload()
		applicant.applicant_type = "Organisation"
		applicant.tax_code = "0" + unique_digits(9)
		with self.assertRaises(frappe.ValidationError):
			applicant.save()
		applicant.reload()
		applicant.phone = "0987654321"
		applicant.save()  # other fields can change

	def test_date_of_birth_not_in_future(self):
		with self.assertRaises(frappe.ValidationError):
			make_applicant(date_of_birth=add_days(today(), 1))


class TestApplicantPatch(FrappeTestCase):
	def test_applicant_named_by_its_number_is_renamed(self):
		from onestop_center.dossiers.patches import applicant_neutral_names
		from onestop_center.testing import make_dossier

		applicant = make_applicant()
		id_number = applicant.id_number
		frappe.db.sql(
			"update `tabApplicant` set name = %s where name = %s", (id_number, applicant.name)
		)
		dossier = make_dossier(applicant=id_number)
		version = frappe.get_doc(
			{
				"doctype": "Version",
				"ref_doctype": "Dossier",
				"docname": dossier.name,
				"data": frappe.as_json(
					{"changed": [["applicant", None, id_number], ["receiver_id_number", None, id_number]]}
				),
			}
		).insert(ignore_permissions=True)

		applicant_neutral_names.execute()

		new_name = find_applicant_name(id_number)
		self.assertNotEqual(new_name, id_number)
		self.assertFalse(frappe.db.exists("Applicant", id_number))
		self.assertEqual(frappe.db.get_value("Dossier", dossier.name, "applicant"), new_name)
		changed = frappe.parse_json(frappe.db.get_value("Version", version.name, "data"))["changed"]
		self.assertEqual(changed, [["applicant", None, new_name], ["receiver_id_number", None, id_number]])
		applicant_neutral_names.execute()  # idempotent
		self.assertEqual(find_applicant_name(id_number), new_name)


class TestApplicantRegistryKeyForPrint(FrappeTestCase):
	def test_only_registry_readers_get_the_number(self):
		from onestop_center.setup.roles import DEPARTMENT_SPECIALIST, RECEPTION_OFFICER

		applicant = make_applicant()
		self.assertEqual(applicant_registry_key(applicant.name), applicant.id_number)
		try:
			frappe.set_user(make_user(RECEPTION_OFFICER))
			self.assertEqual(applicant_registry_key(applicant.name), applicant.id_number)
			frappe.set_user(make_user(DEPARTMENT_SPECIALIST))
			self.assertEqual(applicant_registry_key(applicant.name), "")
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(applicant_registry_key(None), "")
