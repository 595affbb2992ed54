"""Gender-based violence cases: a survivor whose identity is restricted, her consents."""
