# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A local receiver of the outbox's messages for tests (national portal, department system, DMS).

It keeps one copy per idempotency key, as a real receiver should (``accepted``; a repeated key
is answered 200 ``{"duplicate": true}`` and counted in ``duplicates``), and can fail on purpose:
the first ``fail_first`` requests, or every request while ``fail_always``, get
``failure_status`` (503 by default) — with ``store_failures`` the message is kept before the
failure is answered (a receiver whose answer was lost). Started by the test
(``with FakeReceiver(fail_first=2) as receiver``), real HTTP on a free loopback port.
"""

import json

from onestop_center.fake_http import FakeHttpPeer, PeerRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"


class FakeReceiver(FakeHttpPeer):
	path = "/receive"

	def __init__(
		self,
		fail_first: int = 0,
		fail_always: bool = False,
		failure_status: int = 503,
		store_failures: bool = False,
	):
		self.fail_first = fail_first
		self.fail_always = fail_always
		self.failure_status = failure_status
		self.store_failures = store_failures
		self.accepted: dict[str, object] = {}  # idempotency key -> message, in arrival order
		self.duplicates = 0
		super().__init__()

	def bodies(self) -> list:
		"""Every request's JSON body, failed attempts included, in arrival order."""
		return [request.json() for request in self.requests]

	def respond(self, request: PeerRequest) -> tuple[int, bytes, str]:
		key = request.headers.get(IDEMPOTENCY_HEADER)
		failing = self.fail_always or len(self.requests) <= self.fail_first
		if failing and not self.store_failures:
			return self.failure_status, b'{"error": "unavailable"}', "application/json"
		duplicate = key in self.accepted
		if duplicate:
			self.duplicates += 1
		else:
			self.accepted[key] = request.json()
		if failing:
			return self.failure_status, b'{"error": "answer lost"}', "application/json"
		return 200, json.dumps({"ok": True, "duplicate": duplicate}).encode(), "application/json"
