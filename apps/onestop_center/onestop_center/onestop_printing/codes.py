"""Helpers for the printed forms (exposed to Jinja through hooks.py ``jinja.methods``).

- Code128 barcode and QR code as SVG data URIs: wkhtmltopdf runs with JavaScript disabled and
  without local file access, so the codes must be inline images (``<img src="data:…">``).
- Vietnamese dates as written on the forms: ``09 giờ 32 phút, ngày 27 tháng 10 năm 2023``.
- The form number and title of each form under a rule set (legal-spec §1.2–1.4): a dossier's
  forms follow the rule set frozen on it at reception (:func:`dossier_rule_set`), never the
  centre-wide switch of the day they are printed.
- The centre's heading and public lookup URL from OneStop Settings, with safe fallbacks while the
  settings DocType or one of its fields does not exist yet.
- Every form is dated by the event it records (:func:`vn_date_line` takes that moment; there is
  no "today" default) at the centre's place name.
"""

import base64
import io
from datetime import date, datetime

import frappe
from frappe.utils import get_datetime, get_url, getdate

from onestop_center.dossiers import rule_set as rule_sets
from onestop_center.dossiers.rule_set import (
	DEFAULT_RULE_SET,  # noqa: F401 (re-exported: codes.DEFAULT_RULE_SET)
	RULE_SET_2015,
	RULE_SET_2018,
	RULE_SET_2025,
	RULE_SETS,
)

LEGAL_BASIS = {
	RULE_SET_2015: "Quyết định số 09/2015/QĐ-TTg",
	RULE_SET_2018: "Thông tư số 01/2018/TT-VPCP",
	RULE_SET_2025: "Phụ lục I Thông tư số 03/2025/TT-VPCP",
}

GUIDANCE_2015 = "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ"
SUPPLEMENT = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
RECEIPT = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
REFUSAL = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
CONTROL_SLIP = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
LEDGER = "SỔ THEO DÕI HỒ SƠ"
# TT 03/2025 Mẫu 05 (legal-spec §1.4): the applicant withdrew or the agency stopped; no earlier form
STOP_NOTICE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
APOLOGY = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
# legal-spec §1.4: Mẫu 04 of Phụ lục I TT 03/2025 (two sources agree): apology and extension
EXTENSION_2025 = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
FEE_RECEIPT = "BIÊN LAI THU PHÍ, LỆ PHÍ"
HANDOVER = "PHIẾU BÀN GIAO HỒ SƠ"

# form key → rule set → (number, title); an empty number = no numbered form in that set
FORMS = {
	"stop_notice": {
		RULE_SET_2015: ("", STOP_NOTICE),
		RULE_SET_2018: ("", STOP_NOTICE),
		RULE_SET_2025: ("Mẫu 05", STOP_NOTICE),
	},
	"guidance": {
		RULE_SET_2015: ("Mẫu 01", GUIDANCE_2015),
		RULE_SET_2018: ("Mẫu 02", SUPPLEMENT),
		RULE_SET_2025: ("Mẫu 02", SUPPLEMENT),
	},
	"ledger": {
		RULE_SET_2015: ("Mẫu 02", LEDGER),
		RULE_SET_2018: ("Mẫu 06", LEDGER),
		RULE_SET_2025: ("Mẫu 07", LEDGER),
	},
	"receipt": {
		RULE_SET_2015: ("Mẫu 03", RECEIPT),
		RULE_SET_2018: ("Mẫu 01", RECEIPT),
		RULE_SET_2025: ("Mẫu 01", RECEIPT),
	},
	"control_slip": {
		RULE_SET_2015: ("Mẫu 04", CONTROL_SLIP),
		RULE_SET_2018: ("Mẫu 05", CONTROL_SLIP),
		RULE_SET_2025: ("Mẫu 06", CONTROL_SLIP),
	},
	"refusal": {
		RULE_SET_2015: ("", REFUSAL),
		RULE_SET_2018: ("Mẫu 03", REFUSAL),
		RULE_SET_2025: ("Mẫu 03", REFUSAL),
	},
	"apology": {
		RULE_SET_2015: ("", APOLOGY),
		RULE_SET_2018: ("Mẫu 04", APOLOGY),
		RULE_SET_2025: ("Mẫu 04", EXTENSION_2025),
	},
	"handover": {
		RULE_SET_2015: ("", HANDOVER),
		RULE_SET_2018: ("", HANDOVER),
		RULE_SET_2025: ("", HANDOVER),
	},
	"fee_receipt": {
		RULE_SET_2015: ("", FEE_RECEIPT),
		RULE_SET_2018: ("", FEE_RECEIPT),
		RULE_SET_2025: ("", FEE_RECEIPT),
	},
}

# The unit that receives dossiers and returns results, as each rule set names it
RECEPTION_UNIT = {
	RULE_SET_2015: "Bộ phận tiếp nhận và trả kết quả",
	RULE_SET_2018: "Bộ phận tiếp nhận và trả kết quả",
	RULE_SET_2025: "Bộ phận Một cửa",
}

SETTINGS_DOCTYPE = "OneStop Settings"
# What prints while the centre's identity is not set up: visible blanks to fill by hand, never a
# bare "ỦY BAN NHÂN DÂN TỈNH" or a date without a place (the setup wizard asks for all three).
DEFAULT_HEADING = {
	"governing_body": "ỦY BAN NHÂN DÂN ……………",
	"centre_name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
	"place_name": "……………",
}

# Stored English option values → the Vietnamese printed on the forms
VN_TEXT = {
	"Working Day": "ngày làm việc",
	"Working Hour": "giờ làm việc",
	"Calendar Day": "ngày",
	"Early": "Trước hạn",
	"On Time": "Đúng hạn",
	"Late": "Quá hạn",
	"Counter": "Tại Bộ phận Một cửa",
	"Post": "Qua dịch vụ bưu chính",
	"Online": "Trực tuyến",
	"Phone": "Điện thoại",
	"SMS": "Tin nhắn SMS",
	"Email": "Thư điện tử",
}


# --- settings -----------------------------------------------------------------------------------


def _settings_value(fieldname: str):
	"""A OneStop Settings value, or None while the DocType or the field does not exist."""
	if not frappe.db.exists("DocType", SETTINGS_DOCTYPE):
		return None
	if not frappe.get_meta(SETTINGS_DOCTYPE).has_field(fieldname):
		return None
	return frappe.get_cached_doc(SETTINGS_DOCTYPE).get(fieldname)


def current_rule_set() -> str:
	"""The centre-wide switch: for what belongs to no dossier (blank forms, transfer batches)."""
	return rule_sets.global_rule_set()


def dossier_rule_set(doc) -> str:
	"""The rule set of a dossier (a Dossier, or its name): frozen at reception."""
	if isinstance(doc, str):
		doc = frappe.db.get_value("Dossier", doc, ["rule_set", "received_at"], as_dict=True)
	return rule_sets.of_dossier(doc)


def reception_unit(rule_set_name: str | None = None) -> str:
	"""``Bộ phận Một cửa`` (2025) or ``Bộ phận tiếp nhận và trả kết quả`` (2015, 2018)."""
	return RECEPTION_UNIT[rule_set_name if rule_set_name in RULE_SETS else current_rule_set()]


def onestop_heading() -> dict:
	"""Left column of the national heading and the place name: governing body, centre, place."""
	heading = frappe._dict(DEFAULT_HEADING)
	for fieldname in ("governing_body", "centre_name", "place_name"):
		value = _settings_value(fieldname)
		if value:
			heading[fieldname] = value
	heading.governing_body = (heading.governing_body or "").upper()
	heading.centre_name = (heading.centre_name or "").upper()
	return heading


def dossier_code(dossier_name: str | None) -> str:
	"""The dossier code to print as "Mã hồ sơ": empty for a dossier not yet received, whose
	provisional name (NHAP-…) is no code (Form 01 guidance, refusal at the counter)."""
	from onestop_center.dossiers.dossier_code import is_provisional

	return "" if not dossier_name or is_provisional(dossier_name) else dossier_name


def lookup_url(dossier_name: str | None = None) -> str:
	"""The public lookup page of a dossier: OneStop Settings ``public_lookup_url`` + ``?code=``."""
	base = _settings_value("public_lookup_url") or get_url("/tra-cuu")
	if not dossier_name:
		return base
	from urllib.parse import quote

	separator = "&" if "?" in base else "?"
	return f"{base}{separator}code={quote(dossier_name, safe='')}"


# --- codes --------------------------------------------------------------------------------------


def _svg_data_uri(svg: bytes | str) -> str:
	if isinstance(svg, str):
		svg = svg.encode()
	return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def barcode_svg(text: str, show_text: bool = True) -> bytes:
	"""A Code128 barcode of ``text`` as SVG (python-barcode's SVG writer, no Pillow)."""
	from barcode import Code128
	from barcode.writer import SVGWriter

	return Code128(str(text), writer=SVGWriter()).render(
		{
			"module_width": 0.25,
			"module_height": 9,
			"quiet_zone": 2,
			"font_size": 7,
			"text_distance": 3,
			"write_text": show_text,
			"compress": False,
		}
	)


def barcode_svg_data_uri(text: str, show_text: bool = True) -> str:
	"""A Code128 barcode of ``text`` as a ``data:image/svg+xml`` URI for ``<img src>``."""
	return _svg_data_uri(barcode_svg(text, show_text))


def qr_svg(text: str, scale: int = 3) -> bytes:
	"""A QR code of ``text`` as SVG (pyqrcode, a Frappe dependency)."""
	import pyqrcode

	stream = io.BytesIO()
	pyqrcode.create(str(text), error="M").svg(
		stream, scale=scale, background="#ffffff", module_color="#000000"
	)
	return stream.getvalue()


def qr_svg_data_uri(text: str, scale: int = 3) -> str:
	"""A QR code of ``text`` as a ``data:image/svg+xml`` URI for ``<img src>``."""
	return _svg_data_uri(qr_svg(text, scale))


def dossier_qr_data_uri(dossier_name: str) -> str:
	"""QR code of the dossier code and its public lookup URL."""
	return qr_svg_data_uri(lookup_url(dossier_name))


# --- Vietnamese dates ---------------------------------------------------------------------------

BLANK = "…"


def _day(value: int) -> str:
	# NĐ 30/2020: days below 10 and the months 1 and 2 take a leading zero
	return f"{value:02d}"


def _month(value: int) -> str:
	return f"{value:02d}" if value < 3 else str(value)


def vn_date_words(value=None) -> str:
	"""``ngày 05 tháng 3 năm 2026`` (dotted blanks when there is no date)."""
	if not value:
		return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
	d = getdate(value)
	return f"ngày {_day(d.day)} tháng {_month(d.month)} năm {d.year}"


def vn_datetime_words(value=None) -> str:
	"""``09 giờ 32 phút, ngày 27 tháng 10 năm 2023`` (dotted blanks when there is no time)."""
	if not value:
		return f"{BLANK} giờ {BLANK} phút, {vn_date_words(None)}"
	if isinstance(value, date) and not isinstance(value, datetime):
		return vn_date_words(value)
	dt = get_datetime(value)
	return f"{dt.hour:02d} giờ {dt.minute:02d} phút, {vn_date_words(dt)}"


def vn_date_line(place: str | None = None, value=None) -> str:
	"""``<Địa danh>, ngày … tháng … năm …``: place from OneStop Settings, the date of the event the
	form records (dotted blanks without one: never the day it is printed)."""
	place = place if place is not None else onestop_heading().place_name
	words = vn_date_words(value)
	return f"{place}, {words}" if place else words[0].upper() + words[1:]


def vn_text(value) -> str:
	"""The Vietnamese printed for a stored option value (unit, step result, channel…)."""
	if value is None:
		return ""
	return VN_TEXT.get(value, str(value))


# --- forms --------------------------------------------------------------------------------------


def _form(form_key: str, rule_set_name: str | None):
	if form_key not in FORMS:
		frappe.throw(f"Unknown form {form_key!r}")
	return FORMS[form_key][rule_set_name if rule_set_name in RULE_SETS else current_rule_set()]


def form_number(form_key: str, rule_set_name: str | None = None) -> str:
	"""The form number (``Mẫu 01``…) of a form under the rule set in force; '' if unnumbered.

	Keys: guidance, ledger, receipt, control_slip, refusal, apology, handover.
	"""
	return _form(form_key, rule_set_name)[0]


def form_title(form_key: str, rule_set_name: str | None = None) -> str:
	"""The form's title (upper case) under the rule set in force."""
	return _form(form_key, rule_set_name)[1]


def form_basis(form_key: str, rule_set_name: str | None = None) -> str:
	"""``Mẫu 01 - Phụ lục I Thông tư số 03/2025/TT-VPCP``; an unnumbered form names its rule set:
	``Theo Quyết định số 09/2015/QĐ-TTg``."""
	rule_set_name = rule_set_name if rule_set_name in RULE_SETS else current_rule_set()
	number = form_number(form_key, rule_set_name)
	return f"{number} - {LEGAL_BASIS[rule_set_name]}" if number else f"Theo {LEGAL_BASIS[rule_set_name]}"


def officer_name(user: str | None) -> str:
	"""The full name of the officer who took an action (empty when unknown)."""
	# the system account is no officer: its actions (data loads, scripts) leave the line to sign by hand
	return frappe.utils.get_fullname(user) if user and user not in ("Guest", "Administrator") else ""


def vn_amount_words(amount) -> str:
	"""An amount of đồng in Vietnamese words: ``Một triệu hai trăm năm mươi nghìn đồng``."""
	from num2words import num2words

	value = round(float(amount or 0))
	words = num2words(value, lang="vi")
	return f"{words[0].upper()}{words[1:]} đồng"


def vn_amount(amount) -> str:
	"""An amount in figures as printed in Vietnam: ``1.250.000``."""
	return f"{round(float(amount or 0)):,}".replace(",", ".")


def extend_bootinfo(bootinfo) -> None:
	"""The heading, number and title of the tracking ledger for its printed book (report print
	template ``dossier_tracking_ledger.html``, rendered in the browser): no personal data."""
	bootinfo.onestop_forms = {
		"heading": dict(onestop_heading()),
		"ledger_basis": form_basis("ledger"),
		"ledger_title": form_title("ledger"),
	}
