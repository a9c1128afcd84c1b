"""The labeled corpus under corpus/ is a sample project the audit runs, never tests of covlift."""

collect_ignore = ["corpus"]
