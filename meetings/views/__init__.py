"""Meetings outside the page tree, by task: lists and calendars, replies, coverage for
coordinators, the interpreter's page and the roster. Views parse with a form, call one
service, and redirect or re-render with the person's input."""
