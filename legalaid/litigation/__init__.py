"""Litigation cases: a litigant's civil matter (land, family, inheritance…) and the other side."""
