"""The sheets of the spec workbook and their columns: Pinnacle 21's define template first,
then ours ("how it is made"), which a P21-shaped workbook filled by hand may leave out.

>>> SHEETS["Variables"][:6]
('Order', 'Dataset', 'Variable', 'Label', 'Data Type', 'Length')
>>> OURS["Variables"]
('XPT Type', 'Core', 'Algorithm', 'Parameters', 'Raw Source')
"""

from __future__ import annotations

#: Pinnacle 21 define template columns, per sheet, in the template's order.
P21: dict[str, tuple[str, ...]] = {
    "Study": ("Attribute", "Value"),
    "Datasets": ("Dataset", "Description", "Class", "Structure", "Purpose", "Key Variables",
                 "Repeating", "Reference Data", "Comment", "Developer Notes"),
    "Variables": ("Order", "Dataset", "Variable", "Label", "Data Type", "Length",
                  "Significant Digits", "Format", "Mandatory", "Codelist", "Origin", "Source",
                  "Pages", "Method", "Predecessor", "Role", "Comment", "Developer Notes"),
    "ValueLevel": ("Order", "Dataset", "Variable", "Where Clause", "Data Type", "Length",
                   "Significant Digits", "Format", "Mandatory", "Codelist", "Origin", "Source",
                   "Pages", "Method", "Predecessor", "Comment", "Developer Notes"),
    "WhereClauses": ("ID", "Dataset", "Variable", "Comparator", "Value", "Comment"),
    "Codelists": ("ID", "Name", "NCI Codelist Code", "Data Type", "Order", "Term",
                  "NCI Term Code", "Decoded Value", "Comment", "IsNonStandard", "Standard"),
    "Dictionaries": ("ID", "Name", "Data Type", "Dictionary", "Version"),
    "Methods": ("ID", "Name", "Type", "Description", "Expression Context", "Expression Code",
                "Document", "Pages"),
    "Comments": ("ID", "Description", "Document", "Pages"),
    "Documents": ("ID", "Title", "Href"),
}

#: Our columns after P21's: how each dataset and variable is made (cdisc-convert's spec).
OURS: dict[str, tuple[str, ...]] = {
    "Study": (),
    "Datasets": ("Standard", "Subclass", "Records", "Sources", "Steps", "Depends On",
                 "Documents"),
    "Variables": ("XPT Type", "Core", "Algorithm", "Parameters", "Raw Source"),
    "ValueLevel": ("Label", "Unit"),
    "WhereClauses": (),
    "Codelists": ("Raw Value",),
    "Dictionaries": (),
    "Methods": (),
    "Comments": (),
    "Documents": (),
}

#: Every sheet's columns, in the order they are written.
SHEETS: dict[str, tuple[str, ...]] = {name: P21[name] + OURS[name] for name in P21}

#: Sheets an imported workbook must have, and the columns each must have.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Datasets": ("Dataset",),
    "Variables": ("Dataset", "Variable"),
}

#: Study sheet attributes P21 names, and the study.yaml ``study:`` key each holds.
STUDY_ATTRIBUTES = {"StudyName": "studyid", "StudyDescription": "title",
                    "ProtocolName": "protocol"}

#: ``Purpose`` of a dataset in P21's Datasets sheet, per standard.
PURPOSE = {"SDTMIG": "Tabulation", "ADaMIG": "Analysis"}


def column_key(name: str) -> str:
    """Header text compared case- and space-insensitively.

    >>> column_key(" Key  variables ")
    'keyvariables'
    """
    return "".join(str(name).split()).casefold()
