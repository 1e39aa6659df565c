"""Printing planning's documents: the traveller's handbook in A5 (handbook.typ, filled by
handbook_pdf.py)."""
