"""Queue numbers over real HTTP (issue 10): concurrency and what guests may do.

* 20 visitors take a number for one service at the same moment: 20 distinct, consecutive numbers;
* two counters serving the same service press "call next" at the same moment, round after round:
  never the same ticket, and every waiting ticket is called exactly once;
* guests take numbers and read the lobby display, and nothing else (no REST read of tickets,
  no calling, no booking); the display's answers carry no personal data;
* the per-client limit of the kiosk answers 429, not 500;
* a logged-in citizen books a slot (one per service a day), finds it on /dat-lich and cancels it.

The suite works on a service and two counters of its own; the settings it changes (numbers outside
opening hours, so that it runs at any time of day, and the limits) are restored at the end.
"""

import datetime
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import ADMIN_PASSWORD, BASE_URL, Api
from frappe_site import reset_rate_limits

TAKE = "/api/method/onestop_center.counter_queue.tickets.take_ticket"
DISPLAY = "/api/method/onestop_center.counter_queue.tickets.get_display_state"
CALLING = "/api/method/onestop_center.counter_queue.calling."
SETTINGS = {"ignore_opening_hours": 1, "kiosk_requests_per_minute": 500, "max_tickets_per_phone": 0, "require_phone": 0}


def reset_kiosk_counters():
	reset_rate_limits("onestop_center.counter_queue.")


@pytest.fixture(scope="module")
def admin():
	return Api("Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def queue(admin):
	"""A service served by two counters of this suite, with the settings it needs."""
	r = admin.get("/api/resource/Queue Settings/Queue Settings")
	assert r.status_code == 200, r.text
	saved = {key: r.json()["data"].get(key) for key in SETTINGS}
	assert admin.put("/api/resource/Queue Settings/Queue Settings", json=SETTINGS).status_code == 200
	token = uuid.uuid4().hex[:6].upper()
	counters = []
	for n in (1, 2):
		r = admin.post("/api/resource/Counter", json={"counter_number": f"E2E{token}{n}", "counter_name": f"Quầy thử {n}"})
		assert r.status_code == 200, r.text
		counters.append(r.json()["data"]["name"])
	prefix = None
	for first in "ZYXWV":
		for second in "ZYXWVUTS":
			if admin.get(f"/api/resource/Queue Service/{first}{second}").status_code == 404:
				prefix = first + second
				break
		if prefix:
			break
	r = admin.post(
		"/api/resource/Queue Service",
		json={"prefix": prefix, "service_name": f"Dịch vụ thử {token}", "counters": [{"counter": c} for c in counters]},
	)
	assert r.status_code == 200, r.text
	reset_kiosk_counters()
	yield {"service": prefix, "counters": counters}
	admin.put("/api/resource/Queue Settings/Queue Settings", json=saved)
	admin.put(f"/api/resource/Queue Service/{prefix}", json={"is_active": 0})
	for counter in counters:
		admin.put(f"/api/resource/Counter/{counter}", json={"is_active": 0})
	reset_kiosk_counters()


def take(api: Api, service: str, **extra):
	return api.post(TAKE, data={"service": service, **extra})


def test_twenty_numbers_taken_at_once_are_distinct_and_consecutive(queue):
	visitors = [Api() for _ in range(20)]
	start = threading.Barrier(20)

	def one(api):
		start.wait(timeout=30)
		return take(api, queue["service"])

	with ThreadPoolExecutor(max_workers=20) as pool:
		answers = list(pool.map(one, visitors))
	assert [r.status_code for r in answers] == [200] * 20, [r.text[:200] for r in answers if r.status_code != 200]
	numbers = sorted(int(r.json()["message"]["ticket_number"][len(queue["service"]):]) for r in answers)
	assert numbers == list(range(numbers[0], numbers[0] + 20)), numbers
	assert len({r.json()["message"]["name"] for r in answers}) == 20


def test_two_counters_calling_at_once_never_get_the_same_ticket(queue, admin):
	guest = Api()
	for _ in range(10):
		assert take(guest, queue["service"]).status_code == 200
	officers = [Api("Administrator", ADMIN_PASSWORD) for _ in queue["counters"]]
	called = []
	while True:
		start = threading.Barrier(2)

		def press(args):
			api, counter = args
			start.wait(timeout=30)
			return api.post(CALLING + "call_next", data={"counter": counter})

		with ThreadPoolExecutor(max_workers=2) as pool:
			answers = list(pool.map(press, zip(officers, queue["counters"])))
		assert [r.status_code for r in answers] == [200, 200], [r.text[:300] for r in answers]
		current = [r.json()["message"]["current"] for r in answers]
		names = [c["name"] for c in current if c]
		assert len(names) == len(set(names)), f"both counters got {names}"
		called += names
		if not names:
			break
	assert len(called) == len(set(called))
	# every number of the service taken in this suite was called once (30 = 20 + 10)
	r = admin.get(
		"/api/resource/Queue Ticket",
		params={"filters": json.dumps([["service", "=", queue["service"]]]), "fields": '["name","status"]', "limit_page_length": 0},
	)
	rows = r.json()["data"]
	assert len(rows) == 30 and sorted(called) == sorted(row["name"] for row in rows)
	assert {row["status"] for row in rows} == {"Done"}


def test_guests_take_numbers_and_watch_the_display_only(queue):
	guest = Api()
	r = take(guest, queue["service"], phone="0912345678")
	assert r.status_code == 200, r.text
	card = r.json()["message"]
	assert set(card) >= {"ticket_number", "service_name", "issued_at", "people_ahead", "estimated_wait", "centre_name", "html"}
	assert "0912345678" not in r.text
	r = guest.get(DISPLAY)
	assert r.status_code == 200
	state = r.json()["message"]
	assert set(state) == {"centre_name", "counters", "recent", "waiting"}
	allowed = {"counter", "counter_name", "serving", "service_name", "ticket_number", "called_at", "service", "waiting"}
	for key in ("counters", "recent", "waiting"):
		for row in state[key]:
			assert set(row) <= allowed, row
	for path in ("/hien-thi", "/kiosk/lay-so"):
		page = guest.session.get(BASE_URL + path, headers={"Accept": "text/html"}, timeout=30)
		assert page.status_code == 200, path
	# nothing else: tickets, services and settings over REST, calling, booking
	for path in ("/api/resource/Queue Ticket", "/api/resource/Queue Service", "/api/resource/Queue Settings/Queue Settings",
	             f"/api/resource/Queue Ticket/{card['name']}"):
		assert guest.get(path).status_code == 403, path
	refused = [
		("GET", "get_counter_state", {}),
		("POST", "call_next", {"counter": queue["counters"][0]}),
		("POST", "recall", {"counter": queue["counters"][0], "ticket": card["name"]}),
		("POST", "finish", {"counter": queue["counters"][0], "ticket": card["name"]}),
		("POST", "mark_no_show", {"counter": queue["counters"][0], "ticket": card["name"]}),
		("POST", "transfer", {"counter": queue["counters"][0], "ticket": card["name"], "to_counter": queue["counters"][1]}),
		("POST", "start_dossier", {"counter": queue["counters"][0], "ticket": card["name"]}),
	]
	for verb, method, params in refused:
		r = guest.session.request(verb, BASE_URL + CALLING + method, data=params, timeout=30)
		assert r.status_code == 403, f"{method}: {r.status_code}"
	booking = "/api/method/onestop_center.counter_queue.booking."
	assert guest.get(booking + "get_slots", params={"service": queue["service"], "date": "2026-12-01"}).status_code == 403
	r = guest.post(booking + "book_appointment", data={"service": queue["service"], "date": "2026-12-01", "slot": "09:00"})
	assert r.status_code == 403
	assert guest.post(booking + "cancel_booking", data={"ticket": card["name"]}).status_code == 403
	r = guest.session.get(BASE_URL + "/dat-lich", allow_redirects=False, timeout=30)
	assert r.status_code in (301, 302) and "/login" in r.headers["Location"]


def test_kiosk_limit_per_client_answers_429(queue, admin):
	assert admin.put("/api/resource/Queue Settings/Queue Settings", json={"kiosk_requests_per_minute": 3}).status_code == 200
	reset_kiosk_counters()
	try:
		guest = Api()
		codes = [take(guest, queue["service"]).status_code for _ in range(5)]
		assert codes == [200, 200, 200, 429, 429]
	finally:
		admin.put("/api/resource/Queue Settings/Queue Settings", json={"kiosk_requests_per_minute": 500})
		reset_kiosk_counters()


def test_a_citizen_books_a_slot_and_finds_it_on_the_portal(queue, admin):
	email = f"datlich-{uuid.uuid4().hex[:8]}@onestop.invalid"
	password = f"Dat-lich-{uuid.uuid4().hex[:6]}!"
	r = admin.post(
		"/api/resource/User",
		json={
			"email": email,
			"first_name": "Công dân đặt lịch",
			"user_type": "Website User",
			"send_welcome_email": 0,
			"new_password": password,
			"roles": [{"role": "Citizen"}],
		},
	)
	assert r.status_code == 200, r.text
	citizen = Api(email, password)
	booking = "/api/method/onestop_center.counter_queue.booking."
	today = datetime.date.today()
	for offset in range(1, 10):
		day = (today + datetime.timedelta(days=offset)).isoformat()
		r = citizen.get(booking + "get_slots", params={"service": queue["service"], "date": day})
		assert r.status_code == 200, r.text
		if r.json()["message"]:
			slot = r.json()["message"][0]["start"]
			break
	else:
		pytest.fail("no bookable slot in the next working days")
	r = citizen.post(booking + "book_appointment", data={"service": queue["service"], "date": day, "slot": slot})
	assert r.status_code == 200, r.text
	card = r.json()["message"]
	assert card["appointment"].startswith(slot)
	# one number per service a day
	r = citizen.post(booking + "book_appointment", data={"service": queue["service"], "date": day, "slot": slot})
	assert r.status_code == 417
	page = citizen.session.get(BASE_URL + "/dat-lich", headers={"Accept": "text/html"}, timeout=30)
	assert page.status_code == 200 and card["ticket_number"] in page.text
	# nobody else cancels it
	assert Api().post(booking + "cancel_booking", data={"ticket": card["name"]}).status_code == 403
	r = citizen.post(booking + "cancel_booking", data={"ticket": card["name"]})
	assert r.status_code == 200 and r.json()["message"]["status"] == "Expired"
