"""A visitor's number from the kiosk to the counter, in Chromium (issue 10).

The kiosk page takes a number; the lobby display, open in a second page, shows it (highlighted)
when the reception officer calls it from the counter's calling page — pushed by socket.io, the
display does not reload or poll; the officer then starts a dossier from the ticket, and the
dossier carries the ticket.

The realtime server (``apps/frappe/socketio.js``) is the bench's own; where none listens on the
configured port (a bare ``scripts/test`` run) the test starts one for itself.
"""

import json
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ADMIN_PASSWORD, RECEPTION_OFFICER, Api
from desk import PROCEDURE, login

ROOT = Path(__file__).resolve().parents[2]
COUNTER = "01"  # tiepnhan01's counter (demo), serving service A (Sở Giao thông vận tải)
SERVICE = "A"


def _listening(port: int) -> bool:
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def realtime():
	port = json.loads((ROOT / "sites" / "common_site_config.json").read_text()).get("socketio_port", 9000)
	process = None
	if not _listening(port):
		log = open(ROOT / "logs" / "test-socketio.log", "ab")
		process = subprocess.Popen(["node", "apps/frappe/socketio.js"], cwd=ROOT, stdout=log, stderr=log)
		deadline = time.monotonic() + 30
		while not _listening(port):
			assert process.poll() is None and time.monotonic() < deadline, "the realtime server did not start"
			time.sleep(0.2)
	yield port
	if process:
		process.terminate()
		process.wait(timeout=10)


@pytest.fixture(scope="module")
def open_all_day():
	"""Numbers are issued in working hours only: the suite runs at any hour with the training switch."""
	admin = Api("Administrator", ADMIN_PASSWORD)
	r = admin.get("/api/resource/Queue Settings/Queue Settings")
	saved = r.json()["data"]["ignore_opening_hours"]
	admin.put("/api/resource/Queue Settings/Queue Settings", json={"ignore_opening_hours": 1})
	yield admin
	admin.put("/api/resource/Queue Settings/Queue Settings", json={"ignore_opening_hours": saved})


def test_kiosk_number_called_at_the_counter_appears_on_the_display(context, realtime, open_all_day, output_dir, applicant):
	admin = open_all_day
	# 1. the kiosk: a number for service A
	kiosk = context.new_page()
	kiosk.goto("/kiosk/lay-so")
	kiosk.locator(f'.service[data-service="{SERVICE}"]').click()
	kiosk.locator("#kiosk-take").click()
	expect(kiosk.locator("#ticket-paper .onestop-ticket-number")).to_have_text(re.compile(rf"^{SERVICE}\d{{3,}}$"))
	number = kiosk.locator("#ticket-paper").get_attribute("data-ticket")
	expect(kiosk.locator("#ticket-paper")).to_contain_text("Số người phía trước")
	kiosk.screenshot(path=str(output_dir / "queue-1-kiosk-ticket.png"), full_page=True)

	# 2. the lobby display, connected to the realtime server
	display = context.new_page()
	display.set_viewport_size({"width": 1920, "height": 1080})
	display.goto("/hien-thi")
	display.wait_for_function("() => window.onestop_display_socket && window.onestop_display_socket.connected", timeout=20_000)
	display.evaluate("() => { window.onestop_loaded_at = performance.timeOrigin; }")

	# 3. the reception officer calls numbers at counter 01 until the kiosk's comes up
	desk = login(context, RECEPTION_OFFICER)
	desk.goto(f"/app/goi-so?counter={COUNTER}")
	current = desk.locator(".onestop-queue-desk [data-role=current]")
	expect(desk.locator(".onestop-queue-desk [data-action=call_next]")).to_be_enabled()
	for _ in range(30):
		with desk.expect_response(lambda r: r.url.endswith("calling.call_next")) as answer:
			desk.locator(".onestop-queue-desk [data-action=call_next]").click()
		called = (answer.value.json()["message"]["current"] or {}).get("ticket_number")
		expect(current).to_have_text(called or "—")
		if called == number:
			break
	expect(current).to_have_text(number)

	# 4. the display shows the call, without reloading
	expect(display.locator("#last-call")).to_contain_text(number, timeout=5_000)
	expect(display.locator("#last-call")).to_contain_text("Quầy 01")
	expect(display.locator(f'.counter[data-counter="{COUNTER}"] .serving')).to_have_text(number)
	expect(display.locator(f'.counter[data-counter="{COUNTER}"]')).to_have_class(re.compile(r"\bnew\b"))
	assert display.evaluate("() => window.onestop_loaded_at === performance.timeOrigin")
	display.screenshot(path=str(output_dir / "queue-2-display.png"))

	# 5. a dossier started from the ticket carries it (and the applicant, when the ticket knows one)
	ticket = admin.get(
		"/api/resource/Queue Ticket",
		params={"filters": json.dumps([["ticket_number", "=", number], ["status", "=", "Called"]]), "fields": '["name"]'},
	).json()["data"][0]["name"]
	desk.locator(".onestop-queue-desk [data-action=dossier]").click()
	desk.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Dossier' && cur_frm.is_new()")
	assert desk.evaluate("cur_frm.doc.queue_ticket") == ticket
	desk.evaluate("(a) => cur_frm.set_value('applicant', a)", applicant)
	desk.evaluate("(p) => cur_frm.set_value('procedure', p)", PROCEDURE)
	desk.wait_for_function("() => (cur_frm.doc.documents || []).length > 0")
	desk.keyboard.press("Control+s")
	desk.wait_for_function("() => !cur_frm.is_new() && !cur_frm.is_dirty()")
	dossier = desk.evaluate("cur_frm.doc.name")
	assert desk.evaluate("cur_frm.doc.queue_ticket") == ticket
	linked = admin.get(f"/api/resource/Queue Ticket/{ticket}").json()["data"]["dossier"]
	assert linked == dossier
	desk.screenshot(path=str(output_dir / "queue-3-dossier-from-ticket.png"), full_page=True)
