# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A local HTTP SMS gateway for tests: records what it is asked, answers what it is told.

Started by a test on a free loopback port (``with FakeSmsGateway() as gateway``); ``gateway.url`` goes
into SMS Settings; numbers listed in ``refuse`` get HTTP 500. Real HTTP, no mock of ``requests``
(the server itself is :class:`onestop_center.fake_http.FakeHttpPeer`).
"""

from onestop_center.fake_http import FakeHttpPeer, PeerRequest


class FakeSmsGateway(FakeHttpPeer):
	path = "/sms"

	def __init__(self, refuse: set[str] | None = None, receiver_parameter: str = "to"):
		self.refuse = set(refuse or ())
		self.receiver_parameter = receiver_parameter
		self.received: list[dict] = []  # each message's parameters (GET query or POST body)
		super().__init__()

	def respond(self, request: PeerRequest) -> tuple[int, bytes, str]:
		params = request.query if request.method == "GET" else request.form
		self.received.append(params)
		if params.get(self.receiver_parameter) in self.refuse:
			return 500, b"ERROR", "text/plain"
		return 200, b"OK", "text/plain"
