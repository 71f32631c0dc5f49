# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The OpenAPI document stays true to the code (schemathesis tests the served API: tests/e2e)."""

import importlib
import inspect
import pkgutil

import frappe
from frappe.tests.utils import FrappeTestCase

import onestop_center
from onestop_center.api import openapi


def guest_methods_of_the_app() -> set[str]:
	for module in pkgutil.walk_packages(onestop_center.__path__, "onestop_center."):
		leaf = module.name.rsplit(".", 1)[1]
		if not leaf.startswith("test_") and ".patches." not in module.name:
			importlib.import_module(module.name)
	return {
		f"{fn.__module__}.{fn.__name__}"
		for fn in frappe.guest_methods
		if getattr(fn, "__module__", "").startswith("onestop_center.")
	}


class TestOpenApiDocument(FrappeTestCase):
	def test_every_documented_operation_is_a_guest_method_with_its_parameters(self):
		spec = openapi.build()
		for path, item in spec["paths"].items():
			dotted = path.removeprefix("/api/method/")
			fn = frappe.get_attr(dotted)
			(method, operation), = item.items()
			with self.subTest(dotted):
				if dotted in openapi.INTEGRATOR_OPERATIONS:
					# token-authenticated: whitelisted, never for guests, and documented as such
					self.assertIn(fn, frappe.whitelisted)
					self.assertNotIn(fn, frappe.guest_methods)
					self.assertEqual(operation["security"], [{"departmentSystemToken": []}])
				else:
					self.assertIn(fn, frappe.guest_methods)
				self.assertIn(method.upper(), frappe.allowed_http_methods_for_whitelisted_func[fn])
				signature = inspect.signature(fn)
				documented = [p["name"] for p in operation.get("parameters", [])]
				body = operation.get("requestBody", {}).get("content", {})
				for media in body.values():
					# an uploaded file is read from the request, not given as an argument
					properties = media["schema"]["properties"]
					documented += [k for k, v in properties.items() if v.get("format") != "binary"]
					for name in media["schema"].get("required", []):
						if properties[name].get("format") == "binary":
							continue
						if dotted in openapi.INTEGRATOR_OPERATIONS:
							continue  # checked by the method (a Vietnamese 417), see integration/exchange.py
						self.assertIs(signature.parameters[name].default, inspect.Parameter.empty, name)
				self.assertLessEqual(set(documented), set(signature.parameters), dotted)
				self.assertEqual(operation["operationId"], dotted.rsplit(".", 1)[1])

	def test_every_guest_method_is_documented_or_explained(self):
		documented = set(openapi.OPERATIONS)
		explained = set(openapi.UNDOCUMENTED)
		missing = guest_methods_of_the_app() - documented - explained
		self.assertFalse(missing, f"guest methods neither in the OpenAPI document nor in UNDOCUMENTED: {missing}")
		self.assertFalse(documented & explained)

	def test_the_document_is_served_whole(self):
		openapi.document()
		self.assertEqual(frappe.response["openapi"], "3.0.3")
		self.assertNotIn("message", frappe.response)
		documented = {*openapi.OPERATIONS, *openapi.INTEGRATOR_OPERATIONS}
		self.assertEqual(set(frappe.response["paths"]), {f"/api/method/{f}" for f in documented})

	def test_every_exchange_endpoint_is_documented(self):
		from onestop_center.integration import exchange

		endpoints = {
			f"{exchange.__name__}.{name}"
			for name, fn in vars(exchange).items()
			if name.startswith("v1_") and callable(fn) and fn in frappe.whitelisted
		}
		self.assertEqual(endpoints, set(openapi.INTEGRATOR_OPERATIONS))
		self.assertIn("departmentSystemToken", openapi.build()["components"]["securitySchemes"])
