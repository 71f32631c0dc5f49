"""Cross-agency protection where Frappe's generic machinery does not apply the app's row rules.

The rules themselves live with their DocTypes (``onestop_center.permissions`` for dossiers,
``lateness.permissions`` for apology letters, ``security.records`` for transfer batches and
secondments). This package makes Frappe honour them everywhere:

* :mod:`.scope`      which DocTypes are protected and the SQL / per-record test of each;
* :mod:`.children`   child-table rows are readable only with their parent;
* :mod:`.files`      attachments of protected records follow the record (list, read, download, attach);
* :mod:`.references` Frappe records that name a protected record (Workflow Action…) follow it;
* :mod:`.endpoints`  replacements of Frappe's whitelisted methods that skip row rules;
* :mod:`.printing`   print previews render stored records only (no client-composed documents);
* :mod:`.realtime`   live list updates of protected DocTypes only for unrestricted users;
* :mod:`.access`     one "not found" answer for a record that is missing or not readable;
* :mod:`.requests`   request hooks: the real client address, login throttling, 4xx answers.

Every Frappe path closed here is exercised as a department user against another agency's dossier in
``security/test_cross_agency.py`` (app tests) and ``tests/e2e/test_generic_endpoints.py`` (HTTP).
"""
