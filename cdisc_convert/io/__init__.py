"""Reading and writing files: raw exports, XPT v5, Dataset-JSON, spec workbooks, atomic writes."""
