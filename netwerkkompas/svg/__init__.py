"""Drawings of the Netwerkkompas, laid out in Python and drawn by SVG templates.

Each module turns plain data into positions (easy to test: nothing overlaps,
children below parents); the templates in templates/netwerkkompas/svg/ draw them,
so the same picture appears on the page and in the PDF.
"""
