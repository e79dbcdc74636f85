"""Two-way text messages: the inbound core (webhook, signature check, raw storage,
idempotency, rate limit, HELP/STOP/START, conversation state, segment counting, dispatch).

Feature apps (meetings, advisory) register their handlers through
:mod:`cms.sms_inbound.registry` from their ``AppConfig.ready()``; nothing here imports them.
"""
