"""A realistic, clearly fictional demo caseload (prison numbers and CRNs start with Z)."""
