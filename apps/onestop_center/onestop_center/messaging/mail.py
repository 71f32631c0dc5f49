# Copyright (c) 2026, OneStop Center contributors
# License: MIT. See license.txt

"""Outgoing e-mail: Vietnamese subjects arrive with every space.

Frappe stores a queued e-mail as text and, when sending, parses it again and writes it out with
``email.policy.SMTP``. Python 3.11 then re-folds a long encoded Subject into several encoded words
and drops the space at each fold: "đề nghị" arrived as "đềnghị" (found by ``test_email`` over a
real SMTP server). :func:`keep_subject_words` (hook ``make_email_body_message``) writes the Subject
already folded into encoded words of at most 78 characters a line, each carrying its own spaces,
which the policy leaves as they are.
"""

from email.header import Header


def keep_subject_words(mail) -> None:
	"""Replace the Subject of Frappe's ``EMail`` with one folded the way no re-fold changes."""
	message = mail.msg_root
	subject = message.get("Subject")
	if subject is None:
		return
	subject = str(subject)
	if subject.isascii():
		return
	del message["Subject"]
	message.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode(linesep="\n"))
