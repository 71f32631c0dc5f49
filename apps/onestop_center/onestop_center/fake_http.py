# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A local HTTP peer for tests: real HTTP on a free loopback port, no mock of ``requests``.

A test starts one (``with FakeHttpPeer() as peer``), points the app at ``peer.url`` and reads what
was asked in ``peer.requests``. A subclass decides the answers by overriding :meth:`respond`
(the SMS gateway of ``messaging/fake_gateway.py``, the integration receivers of
``integration/fake_receiver.py``). Requests are served on threads and recorded under a lock.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class PeerRequest:
	"""One request as the peer received it."""

	method: str
	path: str
	headers: dict = field(default_factory=dict)
	body: bytes = b""

	@property
	def query(self) -> dict:
		"""The query string's parameters, one value each."""
		return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

	@property
	def form(self) -> dict:
		"""The body's parameters (JSON object or form-encoded), one value each."""
		text = self.body.decode()
		if (self.headers.get("Content-Type") or "").startswith("application/json"):
			return json.loads(text or "{}")
		return {k: v[0] for k, v in parse_qs(text).items()}

	def json(self):
		return json.loads(self.body.decode() or "null")


class FakeHttpPeer:
	"""Records every request; answers what :meth:`respond` returns (default: 200 ``OK``)."""

	path = "/"

	def __init__(self):
		self.requests: list[PeerRequest] = []
		self.lock = threading.Lock()
		peer = self

		class Handler(BaseHTTPRequestHandler):
			def handle_any(self):
				length = int(self.headers.get("Content-Length") or 0)
				request = PeerRequest(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
				with peer.lock:
					peer.requests.append(request)
					status, body, content_type = peer.respond(request)
				self.send_response(status)
				self.send_header("Content-Type", content_type)
				self.send_header("Content-Length", str(len(body)))
				self.end_headers()
				self.wfile.write(body)

			do_GET = do_POST = do_PUT = handle_any

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_port}{self.path}"

	def respond(self, request: PeerRequest) -> tuple[int, bytes, str]:
		"""(status, body, content type) for ``request``; called under the peer's lock."""
		return 200, b"OK", "text/plain"

	def __enter__(self):
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()
