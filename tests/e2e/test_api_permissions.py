"""Server-side permissions over real HTTP: guests and officers get only what their role allows."""


def test_guest_cannot_list_dossiers(guest_api):
	r = guest_api.get("/api/resource/Dossier")
	assert r.status_code == 403, r.text


def test_guest_cannot_read_applicants(guest_api):
	r = guest_api.get("/api/resource/Applicant")
	assert r.status_code == 403, r.text


def test_reception_officer_lists_demo_dossiers(reception_api):
	r = reception_api.get("/api/resource/Dossier", params={"limit_page_length": 5})
	assert r.status_code == 200, r.text
	assert len(r.json()["data"]) > 0


def test_reception_officer_cannot_change_procedures(reception_api):
	name = reception_api.get("/api/resource/Procedure", params={"limit_page_length": 1}).json()["data"][0]["name"]
	r = reception_api.put(f"/api/resource/Procedure/{name}", json={"legal_basis": "changed by a counter officer"})
	assert r.status_code == 403, r.text
