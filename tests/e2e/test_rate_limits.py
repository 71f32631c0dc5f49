"""Rate limits and login throttling keyed on the real client, over real HTTP.

- The public API's per-client limit cannot be dodged with a forged ``X-Forwarded-For``; the header
  is believed only from a proxy listed in the site config (``onestop_trusted_proxies``).
- Failed logins lock the (user, client) pair; the wider locks (per client, per user) spare the
  pairs that have logged in before, so nobody can lock the officers out from the centre's address,
  and a locked login answers 429 (401 on the stock login page) with ``Retry-After``, no 500.

The suite simulates several clients by declaring the test server's own address a trusted proxy
for the tests that need it (and removing it afterwards). It logs in only with users of its own,
never the demo officers the other suites use, and resets the counters in Redis before and after
each test through Frappe's cache, so no suite locks another out.
"""

import json
import re

import pytest
import requests

from conftest import BASE_URL, SITE
from frappe_site import connected_site, site_cache

PASSWORD = "Kiem-thu#RL-2026-x9"
USERS = {
	name: f"{name}@ratelimit.onestop.localhost" for name in ("pair", "known", "newcomer", "wide", "page")
}
CALENDAR_API = "/api/method/onestop_center.api.calendar.is_working_day"
TRACEBACK = re.compile(r"Traceback|File \"/|/work/|apps/frappe|site-packages")


def limits():
	from onestop_center.api.calendar import RATE_LIMIT
	from onestop_center.security import requests as throttle

	return RATE_LIMIT, throttle.PAIR_MAX, throttle.WIDE_MAX


def reset_counters():
	with site_cache() as cache:
		cache.delete_keys("onestop:login:")
		cache.delete_keys("rl:onestop_center.api.calendar.")


def set_trusted_proxies(value):
	with connected_site() as frappe:
		from frappe.installer import update_site_config

		update_site_config("onestop_trusted_proxies", value)


@pytest.fixture(scope="module", autouse=True)
def dedicated_users():
	"""Website users of this suite only (no desk access), with a known password."""
	with connected_site(db=True) as frappe:
		from frappe.utils.password import update_password

		from onestop_center.setup.bulk import bulk_import

		for email in USERS.values():
			if not frappe.db.exists("User", email):
				# as an import: the other suites have created many users this hour, and
				# Frappe refuses more than 60 an hour outside imports ("Throttled")
				with bulk_import():
					frappe.get_doc(
						{
							"doctype": "User",
							"email": email,
							"first_name": "Kiểm thử giới hạn",
							"user_type": "Website User",
							"send_welcome_email": 0,
							"enabled": 1,
						}
					).insert(ignore_permissions=True)
			update_password(email, PASSWORD)
	yield
	reset_counters()


@pytest.fixture(autouse=True)
def fresh_counters():
	reset_counters()
	yield
	reset_counters()


@pytest.fixture
def behind_proxy():
	"""The test server's peer (this machine) declared a trusted proxy: X-Forwarded-For names the client."""
	set_trusted_proxies(["127.0.0.1", "::1"])
	yield
	set_trusted_proxies(None)


def login(user, password=PASSWORD, client=None, stock_page=False):
	headers = {"X-Frappe-Site-Name": SITE, "Accept": "application/json"}
	if client:
		headers["X-Forwarded-For"] = client
	data = {"usr": user, "pwd": password}
	if stock_page:
		# what the stock /login page sends (login.js): cmd=login posted to "/"
		return requests.post(f"{BASE_URL}/", data={**data, "cmd": "login"}, headers=headers, timeout=30)
	return requests.post(f"{BASE_URL}/api/method/login", data=data, headers=headers, timeout=30)


def messages(response) -> str:
	body = response.json()
	return " ".join(json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages", "[]")))


def assert_locked(response, status=429):
	assert response.status_code == status, response.text
	assert int(response.headers["Retry-After"]) > 0
	assert response.json()["exc_type"] == "SecurityException"
	assert messages(response), response.text
	assert not TRACEBACK.search(response.text)


# -- the public API ------------------------------------------------------------------------------


def calendar_call(forwarded_for=None):
	headers = {"X-Frappe-Site-Name": SITE, "Accept": "application/json"}
	if forwarded_for:
		headers["X-Forwarded-For"] = forwarded_for
	params = {"date": "2026-04-27"}
	return requests.get(f"{BASE_URL}{CALENDAR_API}", params=params, headers=headers, timeout=30)


def counter(client: str) -> int:
	with site_cache() as cache:
		return int(cache.get(cache.make_key(f"rl:onestop_center.api.calendar.is_working_day:{client}")) or 0)


def test_forged_forwarded_for_does_not_dodge_the_public_api_limit():
	rate_limit, _pair, _wide = limits()
	forged = [f"203.0.113.{i % 250}, 10.0.{i // 250}.1" for i in range(rate_limit)]
	statuses = [calendar_call(header).status_code for header in forged]
	assert statuses == [200] * rate_limit
	r = calendar_call("198.51.100.77")
	assert r.status_code == 429, r.text
	assert not TRACEBACK.search(r.text)
	assert counter("127.0.0.1") == rate_limit + 1
	assert counter("198.51.100.77") == 0


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(behind_proxy):
	assert calendar_call("203.0.113.5").status_code == 200
	# the right-most address that is not a trusted proxy: what the client wrote first is ignored
	assert calendar_call("198.51.100.1, 203.0.113.6, 127.0.0.1").status_code == 200
	assert calendar_call("not an address").status_code == 200
	assert (counter("203.0.113.5"), counter("203.0.113.6"), counter("198.51.100.1")) == (1, 1, 0)
	assert counter("127.0.0.1") == 1  # the malformed header: the proxy's own address


# -- login throttling ----------------------------------------------------------------------------


def test_failed_logins_with_unknown_names_do_not_lock_out_others():
	_limit, pair_max, _wide = limits()
	for i in range(pair_max + 2):
		r = login(f"khong-ton-tai-{i}@example.invalid", "sai-mat-khau")
		assert r.status_code == 401, r.text
	assert login(USERS["newcomer"]).status_code == 200
	assert login(USERS["known"]).status_code == 200


def test_a_locked_pair_locks_that_client_only(behind_proxy):
	_limit, pair_max, _wide = limits()
	user, attacker, officer = USERS["pair"], "203.0.113.10", "198.51.100.10"
	statuses = [login(user, "sai-mat-khau", attacker).status_code for _ in range(pair_max)]
	assert statuses == [401] * (pair_max - 1) + [429]
	# locked: the right password gets the same answer as a wrong one (no oracle) and no session
	locked = login(user, PASSWORD, attacker)
	assert_locked(locked)
	assert "sid" not in locked.cookies or locked.cookies["sid"] == "Guest"
	assert_locked(login(user, "sai-mat-khau", attacker))
	# the same user from elsewhere is not locked
	assert login(user, PASSWORD, officer).status_code == 200


def test_many_failures_from_one_client_spare_users_known_there(behind_proxy):
	_limit, _pair, wide_max = limits()
	centre = "198.51.100.20"
	assert login(USERS["known"], PASSWORD, centre).status_code == 200
	for i in range(wide_max):
		assert login(f"ke-la-{i}@example.invalid", "sai", centre).status_code in (401, 429)
	assert_locked(login(USERS["newcomer"], PASSWORD, centre))
	assert login(USERS["known"], PASSWORD, centre).status_code == 200
	assert login(USERS["newcomer"], PASSWORD, "198.51.100.21").status_code == 200


def test_many_failures_for_one_user_spare_the_clients_it_is_known_at(behind_proxy):
	_limit, pair_max, wide_max = limits()
	user, office = USERS["wide"], "198.51.100.30"
	assert login(user, PASSWORD, office).status_code == 200
	# a distributed guess: every address stays under the per-pair limit
	for i in range(wide_max):
		client = f"203.0.{113 + i // (pair_max - 1)}.{i % (pair_max - 1)}"
		assert login(user, "sai", client).status_code in (401, 429)
	assert_locked(login(user, PASSWORD, "192.0.2.99"))
	assert login(user, PASSWORD, office).status_code == 200


def test_locked_login_on_the_stock_login_page_answers_401_with_a_message(behind_proxy):
	_limit, pair_max, _wide = limits()
	user, client = USERS["page"], "203.0.113.40"
	for _ in range(pair_max):
		login(user, "sai", client, stock_page=True)
	r = login(user, PASSWORD, client, stock_page=True)
	assert_locked(r, status=401)
	assert "giây" in messages(r) or "seconds" in messages(r)


def test_past_the_limit_a_browser_gets_429_too():
	rate_limit, _pair, _wide = limits()
	with site_cache() as cache:
		cache.setex(cache.make_key("rl:onestop_center.api.calendar.is_working_day:127.0.0.1"), 60, rate_limit)
	headers = {"X-Frappe-Site-Name": SITE, "Accept": "text/html,application/xhtml+xml"}
	r = requests.get(f"{BASE_URL}{CALENDAR_API}", params={"date": "2026-04-27"}, headers=headers, timeout=30)
	assert r.status_code == 429, r.text
	assert not TRACEBACK.search(r.text)
