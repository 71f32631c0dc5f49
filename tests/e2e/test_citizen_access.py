"""Citizens over real HTTP: each reaches only their own dossiers and files; guests reach none;
malformed input on the portal's methods never makes the server fail.

Two citizen accounts (A files online, B guesses) and a reception officer. B, a guest and the
officer try A's dossier and files through every path a citizen could: Frappe's REST and client
methods, the file URL, the portal's own methods and pages, and the codes of other dossiers of the
demo (guessed). Then several hundred malformed requests (wrong types, huge and empty values, bad
JSON, unknown names, files of every wrong kind) go to the portal's methods as A, B, a guest and the
officer: no answer may be a 5xx or carry a traceback.
"""

import io
import json
import random
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import (
	ADMIN_PASSWORD,
	BASE_URL,
	DEMO_PASSWORD,
	OUTPUT,
	RECEPTION_OFFICER,
	Api,
)
from frappe_site import connected_site, site_cache

PROCEDURE = "2.001417"  # Cấp Phiếu lý lịch tư pháp: offered online (demo)
PASSWORD = "Congdan@2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
LEAKS = re.compile(
	r"Traceback \(most recent call last\)|File \"/|/work/|apps/frappe/|apps/onestop_center/|"
	r"site-packages|\"exc\"\s*:|\"exception\"\s*:|_exc_source"
)
FILING = "/api/method/onestop_center.portal.filing."
MY = "/api/method/onestop_center.portal.my_dossiers."
MIN_FUZZ_CASES = 500
# what citizen A typed: never in an answer to anyone else
SECRETS = re.compile("Phạm Thị Trực Tuyến|0987000111|giay-to\\.pdf|%PDF")


def create_citizens(*emails: str) -> None:
	"""Citizen accounts made in the site's process (sign-up itself is tested in the browser)."""
	with connected_site(db=True) as frappe:
		from frappe.utils.password import update_password

		from onestop_center.setup.bulk import bulk_import
		from onestop_center.testing import unique_digits

		for email in emails:
			with bulk_import():
				frappe.get_doc(
					{
						"doctype": "User",
						"email": email,
						"first_name": "Công dân",
						"enabled": 1,
						"send_welcome_email": 0,
						"user_type": "Website User",
						"mobile_no": "09" + unique_digits(8),
					}
				).insert(ignore_permissions=True)
			frappe.get_doc("User", email).add_roles("Citizen")
			update_password(email, PASSWORD)


def ok(response):
	assert response.status_code == 200, f"{response.status_code} {response.text[:300]}"
	return response.json().get("message")


def file_online(api: Api, applicant: dict | None = None) -> dict:
	"""A dossier filed online through the portal's methods: created, every document uploaded, sent."""
	answer = ok(
		api.post(
			FILING + "create_dossier",
			data={
				"procedure": PROCEDURE,
				"applicant": json.dumps(
					applicant
					or {
						"full_name": "Phạm Thị Trực Tuyến",
						"id_number": "0" + "".join(random.choice("0123456789") for _ in range(11)),
						"phone": "0987000111",
					}
				),
				"result_delivery": "Electronic",
			},
		)
	)
	for row in answer["documents"]:
		ok(
			api.post(
				FILING + "upload_document",
				data={"dossier": answer["name"], "row": row["row"]},
				files={"file": ("giay-to.pdf", io.BytesIO(PDF), "application/pdf")},
			)
		)
	return ok(api.post(FILING + "submit", data={"dossier": answer["name"]}))


@pytest.fixture(scope="module")
def world():
	tag = random.randrange(10**8)
	a, b = f"congdan-a-{tag}@onestop.invalid", f"congdan-b-{tag}@onestop.invalid"
	create_citizens(a, b)
	citizen_a, citizen_b = Api(a, PASSWORD), Api(b, PASSWORD)
	pending = file_online(citizen_a)["name"]
	received = file_online(citizen_a)["name"]
	officer = Api(RECEPTION_OFFICER, DEMO_PASSWORD)
	received = ok(
		officer.post(
			"/api/method/onestop_center.dossiers.lifecycle.take_action",
			data={"dossier": received, "action": "Receive"},
		)
	)["name"]
	admin = Api("Administrator", ADMIN_PASSWORD)
	files = ok(
		admin.post(
			"/api/method/frappe.client.get_list",
			data={
				"doctype": "File",
				"filters": json.dumps({"attached_to_doctype": "Dossier", "attached_to_name": ["in", [pending, received]]}),
				"fields": json.dumps(["name", "file_url", "attached_to_name"]),
			},
		)
	)
	others = ok(
		admin.post(
			"/api/method/frappe.client.get_list",
			data={
				"doctype": "Dossier",
				"filters": json.dumps({"name": ["not in", [pending, received]]}),
				"fields": json.dumps(["name"]),
				"limit_page_length": 15,
			},
		)
	)
	yield {
		"a": citizen_a,
		"b": citizen_b,
		"a_pages": Api(a, PASSWORD),
		"b_pages": Api(b, PASSWORD),
		"a_user": a,
		"officer": officer,
		"guest": Api(),
		"pending": pending,
		"received": received,
		"files": files,
		"others": [row["name"] for row in others],
	}
	with site_cache() as cache:
		cache.delete_keys("rl:onestop_center.portal.")


def refused(response) -> bool:
	return response.status_code in (401, 403, 404, 417) or (
		response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", "")
	)


def test_the_citizen_sees_their_dossiers_code_and_files(world):
	a = world["a_pages"]
	page = a.get(f"/ho-so-cua-toi/ho-so?ma={world['received']}")
	assert page.status_code == 200
	assert world["received"] in page.text and "Đã tiếp nhận" in page.text
	listing = a.get("/ho-so-cua-toi")
	assert world["received"] in listing.text
	file = next(f for f in world["files"] if f["attached_to_name"] == world["received"])
	download = a.get(MY + "download", params={"dossier": world["received"], "file": file["name"]})
	assert download.status_code == 200 and download.content == PDF


def test_another_citizen_reaches_nothing_of_theirs(world):
	b = world["b"]
	targets = [world["pending"], world["received"], *world["others"]]
	for name in targets:
		for response in (
			b.get(f"/api/resource/Dossier/{name}"),
			b.post("/api/method/frappe.client.get", data={"doctype": "Dossier", "name": name}),
			b.post(
				"/api/method/frappe.client.get_value",
				data={"doctype": "Dossier", "filters": json.dumps({"name": name}), "fieldname": "applicant_name"},
			),
			b.get("/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Dossier", "name": name}),
			world["b_pages"].get(f"/ho-so-cua-toi/ho-so?ma={name}", allow_redirects=False),
			world["b_pages"].get(f"/ho-so-cua-toi/rut-ho-so?ma={name}", allow_redirects=False),
			b.post(FILING + "submit", data={"dossier": name}),
			b.post(
				FILING + "upload_document",
				data={"dossier": name},
				files={"file": ("x.pdf", io.BytesIO(PDF), "application/pdf")},
			),
			b.post("/api/method/onestop_center.dossiers.withdrawal.withdraw", data={"dossier": name, "reason": "x"}),
		):
			assert refused(response), f"{response.request.method} {response.url}: {response.status_code}"
			# the answer may repeat the name asked for, never what the dossier holds
			assert not SECRETS.search(response.text), f"{response.url}: {SECRETS.search(response.text)[0]}"
	for response in (
		b.get("/api/resource/Dossier"),
		b.get("/api/resource/Applicant"),
		b.get("/api/resource/Fee Receipt"),
		b.post("/api/method/frappe.client.get_count", data={"doctype": "Dossier"}),
		b.get("/api/method/frappe.desk.reportview.get", params={"doctype": "Dossier", "fields": '["name"]'}),
	):
		assert refused(response), f"{response.url}: {response.status_code} {response.text[:200]}"
	for file in world["files"]:
		for response in (
			b.get(file["file_url"]),
			b.get(f"/api/resource/File/{file['name']}"),
			b.get(MY + "download", params={"dossier": file["attached_to_name"], "file": file["name"]}),
		):
			assert refused(response), f"{response.url}: {response.status_code}"
			assert response.content != PDF
	listing = world["b_pages"].get("/ho-so-cua-toi")
	assert listing.status_code == 200
	assert not any(name in listing.text for name in targets)


def test_guests_and_officers_get_no_citizen_page_or_filing(world):
	guest = world["guest"]
	for path in ("/ho-so-cua-toi", f"/ho-so-cua-toi/ho-so?ma={world['received']}", f"/nop-ho-so?procedure={PROCEDURE}"):
		response = guest.get(path, allow_redirects=False)
		assert response.status_code in (301, 302, 303), (path, response.status_code)
		assert "/login" in response.headers["Location"]
	for file in world["files"]:
		assert refused(guest.get(file["file_url"]))
		assert refused(guest.get(MY + "download", params={"dossier": file["attached_to_name"], "file": file["name"]}))
	for api in (guest, world["officer"]):
		response = api.post(FILING + "create_dossier", data={"procedure": PROCEDURE, "applicant": "{}"})
		assert response.status_code == 403, response.text[:200]


# -- fuzz ----------------------------------------------------------------------------------------

HUGE = "Hồ sơ " * 20_000
MALFORMED = [
	None, "", "   ", HUGE, "x" * 141, "'; DROP TABLE `tabDossier`; --", "<script>alert(1)</script>",
	"{{ frappe.get_doc('User', 'Administrator').api_key }}", "{0} %s", "\x00\x01\x1f", "Hồ sơ ✓ 🚀 \u202e",
	"../../../../etc/passwd", "NaN", "-1", "0", "1e309", "2026-02-30", "not json", "{", "[1, 2]",
	'{"a": [1]}', '{"full_name": {"x": 1}}', '{"id_number": "123"}', '{"unknown": 1}', "null", "true",
	"NHAP-20261130-00001", "KHONG-TON-TAI", 1, -1, 1.5, 10**30, True, [], ["a"], {"a": 1}, [{"b": 2}],
]
FILES = [
	("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
	("fake.pdf", b"<html>no</html>", "application/pdf"),
	("empty.pdf", b"", "application/pdf"),
	("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 10), "application/pdf"),
	("noext", PDF, "application/pdf"),
	("../../x.pdf", PDF, "application/pdf"),
	("<script>.png", PNG, "image/png"),
	("a" * 400 + ".pdf", PDF, "application/pdf"),
	("ảnh chụp.JPG", b"\xff\xd8\xff\xe0" + b"0" * 16, "image/jpeg"),
	("x.png", PDF, "image/png"),
	("\x00.pdf", PDF, "application/pdf"),
	("", PDF, "application/pdf"),
]
METHODS = {
	FILING + "create_dossier": ("procedure", "applicant", "result_delivery", "delivery_address", "notify_by"),
	FILING + "upload_document": ("dossier", "row"),
	FILING + "submit": ("dossier",),
	MY + "download": ("dossier", "file"),
	"/api/method/onestop_center.portal.accounts.sign_up": ("email", "full_name", "phone", "password"),
	"/api/method/onestop_center.portal.accounts.verify_account": ("applicant", "user"),
	"/api/method/onestop_center.portal.identity.callback": ("code", "state"),
	"/api/method/onestop_center.dossiers.withdrawal.withdraw": ("dossier", "reason"),
}


def plausible(world) -> dict:
	return {
		"procedure": PROCEDURE,
		"applicant": json.dumps({"full_name": "Người Thử", "id_number": "001099012345", "phone": "0912345678"}),
		"result_delivery": "Post",
		"delivery_address": "1 Lê Lợi",
		"notify_by": "Email",
		"dossier": world["pending"],
		"row": "",
		"file": world["files"][0]["name"],
		"email": "fuzz-dang-ky@onestop.invalid",
		"full_name": "Người Thử",
		"phone": "0900000001",
		"password": "Matkhau@2026",
		"user": world["a_user"],
		"code": "x",
		"state": "e30=",
		"reason": "Không cần nữa",
	}


def fuzz_cases(world) -> list[tuple]:
	rng = random.Random(20261130)
	base = plausible(world)
	sessions = ["a", "b", "guest", "officer"]
	cases = []
	for path, params in METHODS.items():
		verb = "GET" if path.endswith(("download", "callback")) else "POST"
		for param in params:
			for value in MALFORMED:
				data = {p: base.get(p) for p in params}
				data[param] = value
				cases.append((rng.choice(sessions), verb, path, data, None, rng.random() < 0.3))
			cases.append((rng.choice(sessions), verb, path, {p: base.get(p) for p in params if p != param}, None, False))
		cases.append((rng.choice(sessions), "PUT", path, {p: base.get(p) for p in params}, None, False))
	for name, content, mime in FILES:
		for dossier in (world["pending"], world["received"], "KHONG-TON-TAI"):
			data = {"dossier": dossier, "row": rng.choice(["", "x", HUGE[:200]])}
			cases.append((rng.choice(["a", "a", "b"]), "POST", FILING + "upload_document", data, (name, content, mime), False))
	return cases


def run_case(world, case) -> str | None:
	who, verb, path, data, upload, as_json = case
	api = world[who]
	data = {k: v for k, v in data.items() if v is not None}
	if upload:
		name, content, mime = upload
		kwargs = {"data": data, "files": {"file": (name, io.BytesIO(content), mime)}}
	elif verb == "GET":
		kwargs = {"params": {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}}
	elif as_json or not all(isinstance(v, str) for v in data.values()):
		kwargs = {"json": data}
	else:
		kwargs = {"data": data}
	response = api.session.request(verb, BASE_URL + path, timeout=60, allow_redirects=False, **kwargs)
	label = f"{who} {verb} {path.rsplit('.', 1)[-1]} {json.dumps(data, default=str)[:120]}"
	if response.status_code >= 500:
		return f"{label}: HTTP {response.status_code} {response.text[:200]}"
	leak = LEAKS.search(response.text)
	if leak:
		return f"{label}: HTTP {response.status_code} leaks {leak.group(0)!r}"
	return None


def test_malformed_input_on_the_portal_never_fails_the_server(world):
	cases = fuzz_cases(world)
	assert len(cases) >= MIN_FUZZ_CASES, len(cases)
	with ThreadPoolExecutor(max_workers=4) as pool:
		failures = [line for line in pool.map(lambda case: run_case(world, case), cases) if line]
	OUTPUT.mkdir(parents=True, exist_ok=True)
	(OUTPUT / "fuzz-citizen-portal.txt").write_text(
		f"{len(cases)} malformed requests, {len(failures)} failed\n" + "\n".join(failures) + "\n"
	)
	assert not failures, f"{len(failures)} of {len(cases)} failed:\n" + "\n".join(failures[:30])
	# the dossier the fuzz aimed at is still the citizen's (the plausible withdrawal may have stopped it)
	page = world["a_pages"].get(f"/ho-so-cua-toi/ho-so?ma={world['pending']}")
	assert page.status_code == 200 and 'data-field="status"' in page.text
