"""Parsing raw text: dates and times to ISO 8601, numbers, SAS formats."""
