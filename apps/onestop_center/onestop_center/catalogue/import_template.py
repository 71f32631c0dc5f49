# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""The procedure catalogue's import template (Frappe Data Import, Procedure with its child tables).

``catalogue/templates/procedure_catalogue.xlsx`` (and ``.csv``) is what Frappe's Data Import reads:
one header row whose titles are those Frappe's own exporter writes (the field labels; a child
table's columns as "Label (Table label)"), then one block of rows per procedure — the procedure's
columns on its first row only, its documents, fees and steps one per row, side by side (the rows
below a procedure with its columns empty belong to it). The XLSX's second sheet, "Hướng dẫn",
explains every column in Vietnamese (Data Import reads the first sheet only); the README too.

The example rows are three procedures of the demo's agencies and fields; replace them with yours.
Rebuild the files after changing the columns or the examples::

    bench --site SITE execute onestop_center.catalogue.import_template.write_templates

(a test checks that the shipped files are what this module builds).
"""

import csv
import io
from pathlib import Path

import frappe

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_XLSX = TEMPLATES / "procedure_catalogue.xlsx"
TEMPLATE_CSV = TEMPLATES / "procedure_catalogue.csv"
DATA_SHEET = "Procedure"
GUIDE_SHEET = "Hướng dẫn"

# The columns, in the template's order: the Procedure's fields, then each child table's.
FIELDS = {
	"Procedure": [
		"procedure_code",
		"procedure_name",
		"procedure_field",
		"responsible_agency",
		"level",
		"is_active",
		"effective_date",
		"online_level",
		"resolved_immediately",
		"duration_unit",
		"duration_in_person",
		"duration_online",
		"cutoff_time",
		"result_document",
		"requires_written_result",
		"result_returned_by",
		"legal_basis",
	],
	"documents": ["document_name", "originals", "copies", "mandatory"],
	"fees": ["fee_name", "fee_kind", "amount"],
	"steps": ["step_order", "step_name", "agency", "role", "time_budget", "time_unit", "mode"],
}

# What each column means, for the guide sheet and the README: (required, meaning, values).
GUIDE = {
	"procedure_code": (1, "Mã thủ tục hành chính trên Cổng DVCQG (mã định danh của thủ tục; dùng để cập nhật sau này)", "1.011001"),
	"procedure_name": (1, "Tên thủ tục hành chính", ""),
	"procedure_field": (0, "Mã lĩnh vực (danh mục Lĩnh vực thủ tục)", "VH.VH"),
	"responsible_agency": (1, "Mã định danh điện tử của cơ quan chủ trì giải quyết (danh mục Cơ quan)", "000.00.13.H02"),
	"level": (0, "Cấp thực hiện", "Province (tỉnh), District (huyện), Commune (xã), Central (trung ương)"),
	"is_active": (0, "Đang áp dụng: 1 có, 0 không", "1"),
	"effective_date": (0, "Ngày có hiệu lực (năm-tháng-ngày)", "2026-01-01"),
	"online_level": (0, "Mức độ dịch vụ công trực tuyến", "Full Online (toàn trình), Partial Online (một phần), để trống"),
	"resolved_immediately": (0, "Giải quyết ngay trong ngày tại quầy: 1 có, 0 không", "0"),
	"duration_unit": (1, "Đơn vị thời hạn giải quyết", "Working Day (ngày làm việc), Working Hour (giờ làm việc), Calendar Day (ngày)"),
	"duration_in_person": (1, "Thời hạn giải quyết khi nộp trực tiếp (bắt buộc, trừ thủ tục giải quyết ngay)", "5"),
	"duration_online": (0, "Thời hạn giải quyết khi nộp trực tuyến (để trống: như nộp trực tiếp)", "5"),
	"cutoff_time": (0, "Giờ chốt buổi chiều: hồ sơ nhận sau giờ này tính từ ngày làm việc tiếp theo (giờ:phút:giây)", "15:00:00"),
	"result_document": (0, "Kết quả giải quyết (giấy tờ trả cho người dân)", ""),
	"requires_written_result": (0, "Kết quả là văn bản: 1 có, 0 không", "1"),
	"result_returned_by": (0, "Nơi trả kết quả", "Centre (Bộ phận một cửa), Department (cơ quan giải quyết)"),
	"legal_basis": (0, "Căn cứ pháp lý", ""),
	"documents.document_name": (1, "Thành phần hồ sơ: tên giấy tờ (mỗi giấy tờ một dòng)", ""),
	"documents.originals": (0, "Số bản chính", "1"),
	"documents.copies": (0, "Số bản sao", "0"),
	"documents.mandatory": (0, "Bắt buộc: 1 có, 0 không", "1"),
	"fees.fee_name": (1, "Phí, lệ phí: tên khoản thu (mỗi khoản một dòng)", ""),
	"fees.fee_kind": (1, "Loại khoản thu", "Fee (phí), Charge (lệ phí)"),
	"fees.amount": (0, "Mức thu (đồng)", "50000"),
	"steps.step_order": (1, "Quy trình nội bộ: thứ tự bước (số nguyên dương, không trùng)", "1"),
	"steps.step_name": (0, "Tên bước", "Thẩm định hồ sơ"),
	"steps.agency": (1, "Mã định danh của cơ quan thực hiện bước (không phải Bộ phận một cửa)", "000.00.13.H02"),
	"steps.role": (0, "Vai trò xử lý bước", "Department Specialist (chuyên viên), Department Head (lãnh đạo phòng/sở)"),
	"steps.time_budget": (1, "Thời gian xử lý bước (lớn hơn 0, trừ thủ tục giải quyết ngay); tổng các bước liên thông không vượt thời hạn giải quyết", "3"),
	"steps.time_unit": (0, "Đơn vị thời gian của bước", "Working Day, Working Hour, Calendar Day"),
	"steps.mode": (0, "Cách thực hiện: liên thông (lần lượt) hoặc phối hợp (song song, lấy ý kiến)", "Sequential (liên thông), Parallel (phối hợp)"),
}

# Example procedures (the demo's agencies and fields); the national codes are made up.
COMMON = {
	"level": "Province",
	"is_active": 1,
	"effective_date": "2026-01-01",
	"resolved_immediately": 0,
	"duration_unit": "Working Day",
	"requires_written_result": 1,
	"result_returned_by": "Centre",
}
EXAMPLES = [
	{
		**COMMON,
		"procedure_code": "1.011001",
		"procedure_name": "Cấp giấy phép tổ chức biểu diễn nghệ thuật",
		"procedure_field": "VH.VH",
		"responsible_agency": "000.00.13.H02",
		"online_level": "Full Online",
		"duration_in_person": 5,
		"duration_online": 5,
		"result_document": "Giấy phép tổ chức biểu diễn nghệ thuật",
		"legal_basis": "Nghị định số 144/2020/NĐ-CP quy định về hoạt động nghệ thuật biểu diễn.",
		"documents": [
			("Văn bản đề nghị cấp giấy phép theo mẫu", 1, 0, 1),
			("Kịch bản, danh mục tác phẩm biểu diễn", 1, 0, 1),
		],
		"fees": [],
		"steps": [
			(1, "Thẩm định hồ sơ", "000.00.13.H02", "Department Specialist", 3, "Working Day", "Sequential"),
			(2, "Ký cấp giấy phép", "000.00.13.H02", "Department Head", 2, "Working Day", "Sequential"),
		],
	},
	{
		**COMMON,
		"procedure_code": "1.011002",
		"procedure_name": "Cấp chứng chỉ hành nghề dược",
		"procedure_field": "YT.DUOC",
		"responsible_agency": "000.00.16.H02",
		"online_level": "Partial Online",
		"duration_in_person": 10,
		"duration_online": 10,
		"result_document": "Chứng chỉ hành nghề dược",
		"legal_basis": "Luật Dược năm 2016; Nghị định số 54/2017/NĐ-CP.",
		"documents": [
			("Đơn đề nghị cấp chứng chỉ hành nghề dược theo mẫu", 1, 0, 1),
			("Bản sao văn bằng chuyên môn", 0, 1, 1),
			("Giấy xác nhận thời gian thực hành chuyên môn", 1, 0, 1),
		],
		"fees": [("Phí thẩm định cấp chứng chỉ hành nghề dược", "Fee", 500000)],
		"steps": [
			(1, "Thẩm định hồ sơ", "000.00.16.H02", "Department Specialist", 7, "Working Day", "Sequential"),
			(2, "Phê duyệt, ký chứng chỉ", "000.00.16.H02", "Department Head", 3, "Working Day", "Sequential"),
		],
	},
	{
		**COMMON,
		"procedure_code": "1.011003",
		"procedure_name": "Thẩm định thiết kế cơ sở dự án đầu tư xây dựng",
		"procedure_field": "XD.HDXD",
		"responsible_agency": "000.00.09.H02",
		"online_level": "",
		"duration_in_person": 15,
		"duration_online": "",
		"result_document": "Văn bản thông báo kết quả thẩm định",
		"legal_basis": "Luật Xây dựng năm 2014, được sửa đổi, bổ sung năm 2020; Nghị định số 15/2021/NĐ-CP.",
		"documents": [
			("Tờ trình thẩm định theo mẫu", 1, 0, 1),
			("Hồ sơ thiết kế cơ sở", 1, 0, 1),
		],
		"fees": [("Phí thẩm định thiết kế cơ sở", "Fee", 1500000)],
		"steps": [
			(1, "Thẩm định hồ sơ thiết kế", "000.00.09.H02", "Department Specialist", 8, "Working Day", "Sequential"),
			(2, "Góp ý về môi trường", "000.00.10.H02", "Department Specialist", 5, "Working Day", "Parallel"),
			(3, "Ký văn bản thẩm định", "000.00.09.H02", "Department Head", 7, "Working Day", "Sequential"),
		],
	},
]


def header() -> list[str]:
	"""The header row as Frappe's exporter writes it (English labels: they match in any language)."""
	from frappe.core.doctype.data_import.exporter import Exporter

	lang = frappe.local.lang
	frappe.local.lang = "en"
	try:
		exporter = Exporter("Procedure", export_fields=FIELDS, export_data=False, file_type="CSV")
		return list(exporter.get_csv_array_for_export()[0])
	finally:
		frappe.local.lang = lang


def columns() -> list[str]:
	"""The columns as ``fieldname`` (Procedure) or ``table.fieldname`` (child tables)."""
	return [f for f in FIELDS["Procedure"]] + [
		f"{table}.{f}" for table in ("documents", "fees", "steps") for f in FIELDS[table]
	]


def rows(procedures=EXAMPLES) -> list[list]:
	"""The data rows: a block per procedure, its children side by side below its first row."""
	out = []
	parent_fields = FIELDS["Procedure"]
	for procedure in procedures:
		children = {table: list(procedure.get(table) or []) for table in ("documents", "fees", "steps")}
		height = max(1, *(len(values) for values in children.values()))
		for i in range(height):
			row = [procedure.get(f, "") if i == 0 else "" for f in parent_fields]
			for table in ("documents", "fees", "steps"):
				values = children[table][i] if i < len(children[table]) else ("",) * len(FIELDS[table])
				row.extend(values)
			out.append(["" if value is None else value for value in row])
	return out


def guide_rows(titles: list[str]) -> list[list]:
	out = [["Cột (tiêu đề trong mẫu)", "Bắt buộc", "Ý nghĩa", "Giá trị hợp lệ / ví dụ"]]
	for title, column in zip(titles, columns()):
		required, meaning, values = GUIDE[column]
		out.append([title, "Có" if required else "", meaning, values])
	return out


def xlsx_bytes() -> bytes:
	from openpyxl import Workbook
	from openpyxl.styles import Font

	titles = header()
	book = Workbook()
	data = book.active
	data.title = DATA_SHEET
	data.append(titles)
	for row in rows():
		data.append(row)
	for cell in data[1]:
		cell.font = Font(bold=True)
	guide = book.create_sheet(GUIDE_SHEET)
	for row in guide_rows(titles):
		guide.append(row)
	for cell in guide[1]:
		cell.font = Font(bold=True)
	guide.column_dimensions["A"].width = 38
	guide.column_dimensions["C"].width = 90
	guide.column_dimensions["D"].width = 60
	book.active = 0
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


def csv_text() -> str:
	out = io.StringIO()
	writer = csv.writer(out, lineterminator="\n")
	writer.writerow(header())
	writer.writerows(rows())
	return out.getvalue()


def write_templates() -> None:
	"""(Re)write the shipped template files from this module."""
	TEMPLATES.mkdir(exist_ok=True)
	TEMPLATE_XLSX.write_bytes(xlsx_bytes())
	TEMPLATE_CSV.write_text(csv_text(), encoding="utf-8")
