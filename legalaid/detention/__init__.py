"""Pre-trial detention: detention records (the legal-limit engine and prison views come later)."""
