"""Printing relations: the briefing pack for a mission (briefing.typ, filled by pdf.py)."""
