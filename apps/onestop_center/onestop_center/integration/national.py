# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Synchronisation of dossiers with the national public-service portal (Cổng DVCQG).

Every event of a received dossier that the national indicators read (QĐ 766/QĐ-TTg, see
``shared/specs/research/qd766-indicators.md``) becomes one outbox message (``outbox.py``) carrying
the dossier as it is at that moment, in the national synchronisation field set:

=======================  =====================================================================
Event                    Transition (kinds of states, ``dossiers/state_kinds.py``)
=======================  =====================================================================
Received                 reception (not received → Received; decided at once → also Result Ready)
Transferred              to the (next) department: → Transferred
Supplement Requested     a department asks the applicant for more: → Supplement Requested
Supplement Received      Supplement Requested → In Progress (the waiting time the rules subtract)
Result Ready             the department's last step: → Result Ready
Returned                 the result handed over: → Returned
Refused                  a received dossier refused: → Refused
Withdrawn / Stopped      → Stopped, by the applicant (Withdrawal) or by the agency's decision
=======================  =====================================================================

Events before reception (a draft, an online filing waiting for the counter, a completion asked
for, a refusal at the counter) are not sent: the dossier has no code yet, and the national
figures count received dossiers.

The field names follow the national synchronisation (``MaHoSo``, ``MaTTHC``, ``KenhThucHien``,
``NgayTiepNhan``, ``NgayHenTra``, ``NgayKetThucXuLy``, ``TrangThaiHoSo``, ``DanhSachLePhi``,
``DuocThanhToanTrucTuyen``, ``HoSoCoThanhPhanSoHoa``, ``TaiLieuNop``, ``MaKetQua``,
``DuongDanTepTinKetQua``…); times are ``yyyyMMddHHmmss`` in local time. The codes of
``KenhThucHien`` and ``DuocThanhToanTrucTuyen`` are those the research note confirms from the
indicators' description [S]; the numbers of ``TrangThaiHoSo`` (:data:`NATIONAL_STATES`) are the
portal's usual list and are not confirmed by a text we have read [U]: check them against VPCP's
technical guidance before connecting a real endpoint (they are one table here).

Off by default (*Integration Settings → Synchronise Dossiers with the National Portal*): nothing
is queued while it is off.
"""

import frappe
from frappe.utils import cint, flt, get_datetime, get_url

from onestop_center.dossiers import lifecycle
from onestop_center.dossiers import state_kinds as kinds
from onestop_center.integration import outbox

# Events (options of Integration Delivery.event)
RECEIVED = "Received"
TRANSFERRED = "Transferred"
SUPPLEMENT_REQUESTED = "Supplement Requested"
SUPPLEMENT_RECEIVED = "Supplement Received"
RESULT_READY = "Result Ready"
RETURNED = "Returned"
REFUSED = "Refused"
WITHDRAWN = "Withdrawn"
STOPPED = "Stopped"

# KenhThucHien: 1 at the counter (also empty), 2 online, 3 by public post [S]
CHANNELS = {"Counter": 1, "Online": 2, "Post": 3}
# DuocThanhToanTrucTuyen: 1 on the national portal, 2 on the ministry's/province's portal [S]
ONLINE_PAYMENT = {"National Portal": 1, "Provincial Portal": 2}
# TrangThaiHoSo [U]: 2 received, 3 refused, 4 in progress, 5 supplement asked, 7 withdrawn by the
# applicant, 8 processing stopped, 9 finished (result ready), 10 result returned
NATIONAL_STATES = {
	kinds.RECEIVED: 2,
	kinds.TRANSFERRED: 4,
	kinds.SENT_BACK: 4,
	kinds.IN_PROGRESS: 4,
	kinds.SUPPLEMENT_REQUESTED: 5,
	kinds.RESULT_READY: 9,
	kinds.RESULT_AT_CENTRE: 9,
	kinds.RETURNED: 10,
	kinds.REFUSED: 3,
}
NATIONAL_WITHDRAWN, NATIONAL_STOPPED = 7, 8
TIME_FORMAT = "%Y%m%d%H%M%S"


def is_enabled(settings) -> bool:
	return bool(cint(settings.get("national_sync_enabled")) and settings.get("national_endpoint"))


def endpoint(settings) -> tuple[str, str | None] | None:
	"""(URL, token) of the national synchronisation, None while it is off."""
	if not is_enabled(settings):
		return None
	return settings.national_endpoint, settings.get_password("national_token", raise_exception=False)


def events_of(doc, transition) -> list[str]:
	"""The national events of a lifecycle transition (none for most), by the kinds of its states:
	a state the administrator adds (a deputy's review, of kind In Progress) sends what its kind sends."""
	old, new = kinds.kind_of(transition.old), kinds.kind_of(transition.new)
	if old in kinds.NOT_RECEIVED_KINDS:
		if new == kinds.RECEIVED:
			return [RECEIVED]
		if new == kinds.RESULT_AT_CENTRE:  # received and decided at once
			return [RECEIVED, RESULT_READY]
		return []
	if new == old:
		return []  # a move inside a kind (a review inside the department, the next step at the same agency)
	if new == kinds.TRANSFERRED:
		return [TRANSFERRED]
	if new == kinds.SUPPLEMENT_REQUESTED:
		return [SUPPLEMENT_REQUESTED]
	if old == kinds.SUPPLEMENT_REQUESTED and new == kinds.IN_PROGRESS:
		return [SUPPLEMENT_RECEIVED]
	if new == kinds.RESULT_READY:
		return [RESULT_READY]
	if new == kinds.RETURNED:
		return [RETURNED]
	if new == kinds.REFUSED:
		return [REFUSED]
	if new == kinds.STOPPED:
		return [WITHDRAWN if doc.stop_kind == lifecycle.WITHDRAWAL else STOPPED]
	return []


def record(doc, transition, settings) -> list:
	"""Queue the national messages of a transition (in its transaction)."""
	if not is_enabled(settings):
		return []
	return [
		outbox.queue(
			outbox.NATIONAL_PORTAL,
			event,
			dossier_record(doc, event, transition.at, settings),
			dossier=doc.name,
			event_at=transition.at,
		)
		for event in events_of(doc, transition)
	]


def national_time(value) -> str | None:
	return get_datetime(value).strftime(TIME_FORMAT) if value else None


def national_state(doc) -> int | None:
	kind = kinds.kind_of(doc.status)
	if kind == kinds.STOPPED:
		return NATIONAL_WITHDRAWN if doc.stop_kind == lifecycle.WITHDRAWAL else NATIONAL_STOPPED
	return NATIONAL_STATES.get(kind)


def dossier_record(doc, event: str, at, settings) -> dict:
	"""The dossier in the national synchronisation field set, as it is now."""
	procedure = frappe.db.get_value(
		"Procedure", doc.procedure, ["procedure_code", "procedure_field"], as_dict=True
	) or frappe._dict()
	agency = frappe.db.get_value("Agency", doc.agency, ["agency_name", "identifier_code"], as_dict=True) or {}
	documents = doc.get("documents") or []
	paid_online = ONLINE_PAYMENT.get(doc.get("payment_channel")) or (
		2 if _paid_online_at_centre(doc.name) else 0
	)
	return {
		"MaDonVi": settings.get("national_unit_code") or None,
		"SuKien": event,
		"ThoiDiemSuKien": national_time(at),
		"MaHoSo": doc.name,
		"MaTTHC": procedure.get("procedure_code"),
		"TenTTHC": doc.procedure_name,
		"MaLinhVuc": procedure.get("procedure_field"),
		"KenhThucHien": CHANNELS.get(doc.channel, 1),
		"ChuHoSo": doc.applicant_name,
		"DonViXuLy": agency.get("identifier_code"),
		"TenDonViXuLy": agency.get("agency_name"),
		"NgayTiepNhan": national_time(doc.received_at),
		"NgayHenTra": national_time(doc.due_at),
		"NgayHenTraMoi": national_time(doc.get("rescheduled_due_at")),
		"NgayKetThucXuLy": national_time(doc.finished_at),
		"NgayTra": national_time(doc.returned_at),
		"TrangThaiHoSo": national_state(doc),
		"TrangThaiNoiBo": doc.status,
		"NgayYeuCauBoSung": national_time(doc.get("supplement_requested_at"))
		if event == SUPPLEMENT_REQUESTED
		else None,
		"NoiDungYeuCauBoSung": doc.supplement_request if event == SUPPLEMENT_REQUESTED else None,
		"LyDoTuChoi": doc.refusal_reason if event == REFUSED else None,
		"LyDoDungXuLy": doc.stop_reason if event in (WITHDRAWN, STOPPED) else None,
		"DanhSachLePhi": [
			{"TenPhiLePhi": fee.fee_name, "LoaiPhiLePhi": fee.fee_kind, "Gia": flt(fee.amount)}
			for fee in doc.get("fees") or []
		],
		"TongPhiLePhi": flt(doc.total_fee),
		"DuocThanhToanTrucTuyen": paid_online,
		"HoSoCoThanhPhanSoHoa": int(any(cint(row.reused) for row in documents)),
		"TaiLieuNop": [
			{
				"TenTaiLieu": row.document_name,
				"DuocSoHoa": cint(row.digitised) or int(bool(row.attachment)),
				"DuocTaiSuDung": cint(row.reused),
				"CoTepDinhKem": int(bool(row.attachment)),
			}
			for row in documents
		],
		"KetQuaDienTu": int(
			bool(cint(doc.get("electronic_result")) or doc.result_file or doc.result_delivery == "Electronic")
		),
		"MaKetQua": doc.result_number or None,
		"DuongDanTepTinKetQua": get_url(doc.result_file) if doc.result_file else None,
		"HinhThucTraKetQua": doc.result_delivery,
	}


def _paid_online_at_centre(dossier: str) -> bool:
	"""A fee receipt paid by an online method (the centre's own payment page or gateway)."""
	return bool(
		frappe.db.exists(
			"Fee Receipt", {"dossier": dossier, "docstatus": 1, "payment_method": "Online"}
		)
	)
