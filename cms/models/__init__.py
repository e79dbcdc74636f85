"""The user model, community partners, and the site pages.

Privacy: the user model holds the minimum to take part, a display name and one contact
channel. It never has fields for immigration or citizenship status, SSN/ITIN, A-number,
visa type, country of birth or ID documents; ``tests/cms/test_privacy.py`` fails the build
if any model grows one.
"""

from cms.models.audio import AudioSummary
from cms.models.broadcasts import Broadcast, BroadcastState, DeliveryThrottle
from cms.models.notifications import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Notification,
    NotificationMute,
    ScheduledNotice,
)
from cms.models.pages import (
    HomePage,
    ResourceIndexPage,
    ResourcePage,
    ResourceTopic,
    StandardPage,
)
from cms.models.partners import CommunityPartner, PartnerLanguage, ServiceCategory
from cms.models.sms import (
    InboundSms,
    InboundStatus,
    OutboundSms,
    OutboundStatus,
    SmsConversation,
    SmsOptOut,
)
from cms.models.translations import TranslationStatus
from cms.models.users import ContactChannel, User, UserManager

__all__ = [
    "Broadcast",
    "BroadcastState",
    "DeliveryThrottle",
    "AudioSummary",
    "CommunityPartner",
    "ContactChannel",
    "Delivery",
    "DeliveryChannel",
    "DeliveryStatus",
    "Notification",
    "NotificationMute",
    "ScheduledNotice",
    "HomePage",
    "InboundSms",
    "InboundStatus",
    "OutboundSms",
    "OutboundStatus",
    "SmsConversation",
    "SmsOptOut",
    "ResourceTopic",
    "PartnerLanguage",
    "ResourceIndexPage",
    "ResourcePage",
    "ServiceCategory",
    "StandardPage",
    "TranslationStatus",
    "User",
    "UserManager",
]
