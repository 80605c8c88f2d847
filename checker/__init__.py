"""budgetlint: a rule-based compliance checker for 预算/决算 disclosures."""

__version__ = "0.2.0"
