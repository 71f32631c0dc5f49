# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""A local HTTP SMS gateway for tests: records what it is asked, answers what it is told.

Started by a test on a free loopback port (``with FakeSmsGateway() as gateway``); ``gateway.url`` goes
into SMS Settings; numbers listed in ``refuse`` get HTTP 500. Real HTTP, no mock of ``requests``.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeSmsGateway:
	def __init__(self, refuse: set[str] | None = None, receiver_parameter: str = "to"):
		self.refuse = set(refuse or ())
		self.receiver_parameter = receiver_parameter
		self.received: list[dict] = []
		gateway = self

		class Handler(BaseHTTPRequestHandler):
			def do_GET(self):
				self.answer(parse_qs(urlsplit(self.path).query))

			def do_POST(self):
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
				if self.headers.get("Content-Type") == "application/json":
					self.answer({k: [v] for k, v in json.loads(body or "{}").items()})
				else:
					self.answer(parse_qs(body))

			def answer(self, params):
				flat = {k: v[0] for k, v in params.items()}
				gateway.received.append(flat)
				status = 500 if flat.get(gateway.receiver_parameter) in gateway.refuse else 200
				self.send_response(status)
				self.end_headers()
				self.wfile.write(b"OK" if status == 200 else b"ERROR")

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_port}/sms"

	def __enter__(self):
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()
