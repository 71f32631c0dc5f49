"""Procedure catalogue (route /thu-tuc) and one procedure (/thu-tuc/<national code>, hooks.py
``website_route_rules``)."""

from onestop_center.portal.pages import catalogue_context

no_cache = 1
sitemap = 0


def get_context(context):
	return catalogue_context(context)
