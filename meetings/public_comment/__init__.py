"""Public comment at school-board meetings: the sign-up window, caps and order, speakers'
languages and interpreter requests (which feed the meeting's interpreter slots), the
clerk's list (PDF, CSV), the live speaker queue and retention.

It builds on the meeting core (``meetings.models``, ``meetings.selectors``) and the core
never imports it; its models are part of the ``meetings`` app (re-exported by
``meetings.models`` so that Django registers them).
"""
