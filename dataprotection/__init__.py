"""Data protection (section 12 of the rules): who looked at a complaint (R-DP-4), what is
held about a person, exported for a subject access request (R-DP-2), and the end of the
retention period, when personal data is erased and the figures stay (R-DP-3)."""
