"""The centre's connections to other systems (issue 12 items 7 and 9).

Outbound (``outbox.py`` and its DocType *Integration Delivery*): events of dossiers queued in the
same transaction as the change and delivered by a background job with retries, to the national
public-service portal (Cổng DVCQG), to a department's own system and to the province's
document-management system. Inbound: ``exchange*.py``.
"""
