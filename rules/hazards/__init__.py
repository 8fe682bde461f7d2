"""Awaab's Law (section 10): hazard regimes as data and the hazard's clocks."""
