"""Forms for advisory groups, by area."""
