"""Contact accessibility: how easy it is for a customer to reach a person.

Reads the contact facts of every page (phone numbers, addresses, hours, response-time promises from
:mod:`checks.facts`), the page forms, scripts and links. A chat widget that a tag manager may inject is
invisible to a static audit, so it is reported as unknown, never as absent (DESIGN §4).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

from auditor.config import AuditConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Form, Link, Page
from auditor.site import Site
from checks.extract import CONTEXT_CHARS, node_types, visible_text
from checks.facts import (
    COMPLAINT_BODIES,
    EXAMPLE_WORDS,
    LANGUAGE_REGIONS,
    NON_SERVICE_PURPOSES,
    EmailFact,
    Fact,
    PhoneFact,
    SiteFacts,
    collect,
    declared_region,
    emails,
    first_by,
    is_business_node,
    is_identifier_label,
    page_facts,
    page_region,
    phone_numbers,
    structured_nodes,
)
from checks.opening_hours import hours_language_supported
from checks.registry import per_page, register
from checks.text import lang_root

# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------

#: (vendor, substring of a script src or inline script, certainty). "possible" means the script can load
#: chat but is also used for other things, so a person should look. Where a vendor serves its script from
#: regional or per-account hosts (js-eu1.hs-scripts.com, js-eu1.usemessages.com, wchat.in.freshchat.com,
#: <account>.freshchat.com, salesiq.zoho.eu) the signature is the part every region shares.
CHAT_WIDGETS: list[tuple[str, str, str]] = [
    ("Intercom", "widget.intercom.io", "chat"),
    ("Zendesk", "static.zdassets.com/ekr/snippet.js", "chat"),
    ("Zendesk", "v2.zopim.com", "chat"),
    ("Drift", "js.driftt.com", "chat"),
    ("LiveChat", "cdn.livechatinc.com", "chat"),
    ("Tawk.to", "embed.tawk.to", "chat"),
    ("Crisp", "client.crisp.chat", "chat"),
    ("Freshchat", "freshchat.com", "chat"),
    ("Freshchat", "fw-cdn.com", "chat"),
    ("Olark", "static.olark.com", "chat"),
    ("Tidio", "code.tidio.co", "chat"),
    ("LivePerson", "liveperson.net", "chat"),
    ("LivePerson", "lpsnmedia.net", "chat"),
    ("LivePerson", "lpTag", "chat"),
    ("Gorgias", "config.gorgias.chat", "chat"),
    ("Help Scout", "beacon-v2.helpscout.net", "chat"),
    ("Jivo", "code.jivosite.com", "chat"),  # JivoChat, which now calls itself Jivo (jivo.chat)
    ("Smartsupp", "smartsuppchat.com", "chat"),
    ("Zoho SalesIQ", "salesiq.zoho", "chat"),
    ("Userlike", "userlike-cdn-widgets", "chat"),
    ("Salesforce", "embeddedservice", "chat"),
    ("giosg", "service.giosg.com", "chat"),
    ("Genesys", "genesys-bootstrap", "chat"),  # Genesys Cloud Web Messenger, on every region's host
    ("Genesys", "/widgets/9.0/cxbus.min.js", "chat"),  # Genesys Widgets 9 (apps.mypurecloud.<region>/widgets/9.0/…)
    ("Trengo", "trengo.eu/embed.js", "chat"),
    ("HubSpot", "usemessages.com", "chat"),
    ("HubSpot", "hs-scripts.com", "possible"),
    # Vendors of the industries the audits meet (local services, libraries, retail, contact centres), each by
    # the loader its own install snippet uses, as found in public sites' and integrations' source: Podium
    # (connect.podium.com/widget.js), Springshare LibAnswers/LibChat (<site>.libanswers.com/load_chat.php),
    # Kustomer, Gladly, Front, Re:amaze, Chatra, Dixa, HelpCrunch, SnapEngage, Pure Chat, Chatwoot (self-hosted,
    # so its SDK global), Landbot, ManyChat, Ada, Qualified, Kore.ai, the contact-centre suites (Microsoft
    # Dynamics 365 Omnichannel's LiveChatBootstrapper.js on regional CDNs, Sprinklr's prodN-live-chat hosts,
    # Talkdesk, Five9, NICE CXone's web-modules loader, eGain's docked chat) and Salesforce's Messaging for
    # In-App and Web (my.site.com/ESW… deployments).
    ("Podium", "connect.podium.com", "chat"),
    ("ApexChat", "apexchat.net/scripts/", "chat"),  # law firms' chat: www.apexchat.net/scripts/invitation.ashx
    ("LibAnswers", "libanswers.com/load_chat", "chat"),
    ("LibAnswers", "libanswers.com/chat/widget", "chat"),
    ("Kustomer", "cdn.kustomerapp.com", "chat"),
    ("Gladly", "cdn.gladly.com/chat-sdk", "chat"),
    ("Front", "chat-assets.frontapp.com", "chat"),
    ("Re:amaze", "cdn.reamaze.com/assets/reamaze", "chat"),
    ("Chatra", "call.chatra.io", "chat"),
    ("Dixa", "messenger.dixa.io", "chat"),
    ("HelpCrunch", "widget.helpcrunch.com", "chat"),
    ("SnapEngage", "snapengage.com", "chat"),
    ("Pure Chat", "app.purechat.com", "chat"),
    ("Chatwoot", "chatwootSDK", "chat"),
    ("Landbot", "cdn.landbot.io", "chat"),
    ("Landbot", "static.landbot.io", "chat"),
    ("ManyChat", "widget.manychat.com", "chat"),
    ("Ada", "static.ada.support/embed", "chat"),
    ("Qualified", "js.qualified.com", "chat"),
    ("Kore.ai", "kore.ai/api/platform/websdk", "chat"),
    ("Microsoft Dynamics 365", "LiveChatBootstrapper.js", "chat"),
    ("Sprinklr", "live-chat.sprinklr.com", "chat"),
    ("Sprinklr", "live-chat-static.sprinklr.com", "chat"),
    ("Talkdesk", "talkdeskchatsdk", "chat"),
    ("Talkdesk", "TalkdeskChatSDK", "chat"),
    ("Five9", "five9-social-widget", "chat"),
    ("Five9", "Five9SocialWidget", "chat"),
    ("NICE CXone", "niceincontact.com/loader", "chat"),
    ("eGain", "egainDockChat", "chat"),
    ("eGain", "/system/templates/chat/", "chat"),
    ("Salesforce", "site.com/ESW", "chat"),
    ("Salesforce", "salesforce-scrt.com", "chat"),
    ("Userlike", "userlike.com/widget", "chat"),
    # European and contact-centre vendors by their own loaders: iAdvize's tag (halc.iadvize.com/iadvize.js?sid=…),
    # Inbenta's chatbot SDK (sdk.inbenta.io/chatbot/…/inbenta-chatbot-sdk.js), Salesforce's legacy Live Agent
    # deployment (c.la1-….salesforceliveagent.com/content/g/js/…/deployment.js), Brevo Conversations' snippet
    # (window.BrevoConversations…)
    ("iAdvize", "iadvize.com/iadvize.js", "chat"),
    ("Inbenta", "inbenta-chatbot-sdk", "chat"),
    ("Inbenta", "InbentaChatbotSDK", "chat"),
    ("Salesforce", "salesforceliveagent.com", "chat"),
    ("Brevo", "BrevoConversations", "chat"),
    ("Freshdesk", "widget.freshworks.com/widgets/", "possible"),  # the help widget: articles, a form, maybe chat
    # The vendors' inline install snippets, for sites that self-host or proxy the loader (Intercom's
    # window.intercomSettings, tawk.to's Tawk_API, Crisp's CRISP_WEBSITE_ID, LiveChat's __lc.license, Drift's
    # drift.load, Olark's olark.identify, Help Scout's Beacon and its loader host), and vendors of banking, telecom,
    # Indian and contact-centre sites by their documented loaders: Glia (salemove_integration.js), Comm100
    # (livechat.ashx), Bold360 (BoldChat's vms.js), Yellow.ai (yellowmessenger), Haptik (its toolassets host),
    # Verloop (<account>.verloop.io/livechat/script.min.js), Kommunicate, Botpress and Voiceflow web chat, Chaport,
    # Twilio Flex Webchat, Amazon Connect's chat interface, Brevo's conversations widget host (and its Sendinblue
    # predecessor) and Shopify Inbox (the shopify_chat storefront script and the theme extension's loader). Every
    # signature was checked against published install snippets; tests/test_contact.py names where.
    ("Intercom", "intercomSettings", "chat"),
    ("Tawk.to", "Tawk_API", "chat"),
    ("Crisp", "CRISP_WEBSITE_ID", "chat"),
    ("LiveChat", "__lc.license", "chat"),
    ("Drift", "drift.load(", "chat"),
    ("Olark", "olark.identify(", "chat"),
    ("Help Scout", "Beacon('init'", "chat"),
    ("Help Scout", "beacon-v2.helpscout.net", "chat"),
    ("Glia", "salemove_integration.js", "chat"),
    ("Comm100", "comm100.com/livechat", "chat"),
    ("Bold360", "boldchat.com", "chat"),
    ("Yellow.ai", "yellowmessenger.com", "chat"),
    ("Haptik", "toolassets.haptikapi.com", "chat"),
    ("Verloop", "verloop.io/livechat", "chat"),
    ("Kommunicate", "widget.kommunicate.io", "chat"),
    ("Botpress", "cdn.botpress.cloud/webchat", "chat"),
    ("Voiceflow", "cdn.voiceflow.com/widget", "chat"),
    ("Chaport", "app.chaport.com", "chat"),
    ("Twilio Flex", "assets.flex.twilio.com", "chat"),
    ("Amazon Connect", "amazon-connect-chat-interface", "chat"),
    ("Brevo", "conversations-widget.brevo.com", "chat"),
    ("Brevo", "conversations-widget.sendinblue.com", "chat"),
    ("Shopify Inbox", "shopifycloud/shopify_chat/", "chat"),
    ("Shopify Inbox", "/assets/inbox-chat-loader.js", "chat"),
]
#: Form builders whose form a page embeds (an iframe or a loader script) instead of writing it in its HTML:
#: (vendor, substring of the iframe or script src or inline script). Their fields are drawn at run time, so the
#: form counts as a contact form only where the page's own words call it one (:data:`_CONTACT_FORM_WORDS`);
#: the same builders also run surveys, sign-ups and job applications. Every signature is taken from the vendor's
#: published embed code as public sites use it (tests/test_contact.py names where). Builders that write their
#: fields into the page's HTML (Gravity Forms, Contact Form 7, WPForms) need no entry: the form is read as it is.
#: Jotform's form host only: its CDN (jotfor.ms) and www host also serve its AI chat agent.
FORM_BUILDERS: list[tuple[str, str]] = [
    ("Typeform", "typeform.com"), ("Jotform", "form.jotform.com"),
    ("HubSpot", "hsforms.net"), ("HubSpot", "hbspt.forms.create"),
    ("Google Forms", "docs.google.com/forms"), ("Google Forms", "forms.gle"), ("Microsoft Forms", "forms.office.com"),
    ("Formstack", "formstack.com/forms"), ("Cognito Forms", "cognitoforms.com"), ("Wufoo", "wufoo.com"),
    ("Zoho Forms", "forms.zohopublic."), ("Tally", "tally.so"), ("Paperform", "paperform.co"),
    ("123FormBuilder", "123formbuilder.com"), ("Pipedrive", "webforms.pipedrive.com"),
    ("Marketo", "MktoForms2.loadForm"), ("Marketo", "/js/forms2/js/forms2.min.js"),
    ("Pardot", "go.pardot.com"), ("Freshdesk", "/widgets/feedback_widget/"),
]
#: A page's words for a contact form, per language (en, de, fr, nl, es, it, pt, sv, da, nb, fi, pl).
_CONTACT_FORM_WORDS = re.compile(
    r"\b(?:contact|enquiry|inquiry|message|support|feedback|request|callback|call-back) form\b|"
    r"\bsend us a message\b|\b(?:fill|complete) (?:in|out)? ?(?:the|this|our) (?:short )?form\b|"
    r"\bthe form below\b|\bget in touch\b|\bkontaktformular|\bformulaire de contact\b|\bcontactformulier\b|"
    r"\bformulario de contacto\b|\bmodulo (?:di )?contatt[oi]\b|\bformulário de conta(?:c)?to\b|"
    r"\bkontaktformulär|\bkontaktskjema|\byhteydenottolomake|\bformularz kontaktowy\b", re.I)
#: Tag managers load scripts at run time, so a chat widget may be behind them.
TAG_MANAGERS: list[tuple[str, str]] = [
    ("Google Tag Manager", "googletagmanager.com/gtm.js"),
    ("Tealium", "tags.tiqcdn.com"),
    ("Segment", "cdn.segment.com"),
    ("Adobe Launch", "assets.adobedtm.com"),
    ("Ensighten", "nexus.ensighten.com"),
]
#: Messaging apps reachable by link: (host, app). sms: links count as the app "SMS". Apple Messages for
#: Business chats open from https://bcrw.apple.com/urn:biz:<business id> (Apple's and Amazon Connect's docs).
MESSAGING_APPS: list[tuple[str, str]] = [
    ("wa.me", "WhatsApp"), ("api.whatsapp.com", "WhatsApp"), ("web.whatsapp.com", "WhatsApp"),
    ("m.me", "Messenger"), ("messenger.com", "Messenger"), ("t.me", "Telegram"), ("telegram.me", "Telegram"),
    ("bcrw.apple.com", "Apple Messages"), ("invite.viber.com", "Viber"), ("line.me", "LINE"),
]
#: Social networks: (host label, name). Matched on any label of the host, so pinterest.fr counts;
#: social.example is the reserved-TLD stand-in used by fixture and demo sites.
SOCIAL_NETWORKS: list[tuple[str, str]] = [
    ("facebook.com", "Facebook"), ("x.com", "X"), ("twitter.com", "X"), ("instagram.com", "Instagram"),
    ("linkedin.com", "LinkedIn"), ("youtube.com", "YouTube"), ("tiktok.com", "TikTok"), ("threads.net", "Threads"),
    ("bsky.app", "Bluesky"), ("xing.com", "XING"), ("pinterest", "Pinterest"), ("social.example", "Social"),
]
#: Share buttons link to a network without offering a way to reach the company.
_SHARE_PATH = re.compile(r"sharer|/share|/intent/|sharearticle|/pin/create|share-offsite|/dialog/(?:share|send|feed)",
                         re.I)
#: Links to one piece of content on a network (a video, a post, a photo), not to the company's profile.
_CONTENT_PATH = re.compile(
    r"^/(?:watch|embed|shorts|playlist|results|live|p|reels?|tv|stories|explore|hashtag|photo\.php|photos?|"
    r"permalink\.php|story\.php|events|watch|search|pin|feed|posts|status|i|tag|sound|music|video)(?:/|$)|"
    r"/(?:status(?:es)?|posts?|photos?|videos?|reels?|pin)/[\w-]+|/activity-\d+", re.I)
#: Hosts that only ever serve single pieces of content.
_CONTENT_HOSTS = ("youtu.be", "vm.tiktok.com", "pin.it")
CHANNELS = ("phone", "email", "form", "chat", "messaging", "social", "postal", "in_person")
TARGET_CHANNELS = 3
MAX_CLICKS = 2
_MESSAGE_FIELD = re.compile(r"message|comment|enquiry|inquiry|question|details|description|how can we help", re.I)
_EMAIL_FIELD = re.compile(r"e-?mail", re.I)
_NEWSLETTER = re.compile(r"newsletter|subscribe|sign up for|mailing list", re.I)
#: Postcode formats, each with the group that is the postcode: UK, Irish Eircode, US ZIP after a state,
#: five-digit European codes before a town (DE, FR, ES, IT) with or without a country prefix ("D-10115"), Dutch
#: "1012 LG Amsterdam", Australian four-digit codes after a state ("Sydney NSW 2000"), Canadian "M5J 2M2" (Canada
#: Post's letters: never D, F, I, O, Q or U, and no W or Z first), Portuguese "1100-148 Lisboa".
#: Speed: every pattern starts with the character class (or the literal) its match starts with, and a word
#: boundary or a "no digit before" test comes right after that first character as a look-behind
#: (``[A-Z](?<!\w[A-Z])`` is ``\b[A-Z]``): the regex engine then skips to the positions where that class
#: occurs instead of trying the pattern at every character of the page (four to six times faster, same
#: matches). A pattern whose match starts either with a prefix or with its digits is two patterns.
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
              "ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"
              "PR|VI|GU|AS|MP")  # and the territories with ZIP codes (Puerto Rico "San Juan, PR 00901")
_TOWN_EU = r"(?=[A-ZÄÖÜÉÈÀ][\wäöüßéèàçñ'-]{2,})"
POSTCODES: list[re.Pattern[str]] = [
    re.compile(r"([A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]? ?\d[A-Z]{2})\b"),
    re.compile(r"([AC-FHKNPRTV-Y](?<!\w[AC-FHKNPRTV-Y])(?:\d{2}|(?<=D)6W) ?[0-9AC-FHKNPRTV-Y]{4})\b"),
    re.compile(rf"[A-Z](?<!\w[A-Z])[A-Z](?<={_US_STATES}),?\s+(\d{{5}})(?:-\d{{4}})?\b"),
    re.compile(rf"[A-Z](?<![\d-][A-Z])[A-Z]?-(\d{{5}})\s+{_TOWN_EU}"),
    re.compile(rf"(\d(?<![\d-]\d)\d{{4}})\s+{_TOWN_EU}"),
    re.compile(r"(\d(?<!\w\d)\d{3} ?[A-Z]{2})\s+(?=[A-Z][a-z]{2,})"),
    re.compile(r"[NVQSWTA](?<!\w[NVQSWTA])(?:(?<=N)SW|(?<=V)IC|(?<=Q)LD|(?<=S)A|(?<=W)A|(?<=T)AS|(?<=A)CT|(?<=N)T)"
               r"\s+(\d{4})\b"),
    re.compile(r"([ABCEGHJ-NPRSTVXY](?<!\w[ABCEGHJ-NPRSTVXY])\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d)\b"),
    re.compile(r"(\d(?<![\d-]\d)\d{3}-\d{3})\s+(?=[A-ZÀ-Ý][\wà-ÿ'-]{2,})"),
    re.compile(r"C(?<!\wC)EP:?\s*(\d{5}-\d{3})\b"),  # Brazil's CEP, after its own label ("CEP 01310-100")
]
#: Country prefixes that are part of the postcode as the country's post writes it: Luxembourg's "L-1234" (Post
#: Luxembourg and the UPU address format). Elsewhere the prefix ("D-10115", "CH-8001") is an old international
#: habit and the code is the digits alone.
POSTCODE_PREFIXES = ("L-",)
#: PO box words per language, in lower case, as pattern text: the one list every reader of boxes uses (a number
#: right after one is the box's number, not a postcode; a numbered box makes the text before a postcode an
#: address; an English box line may end in a town and a four-digit code). Swedish "Box 1234, 111 52 Stockholm"
#: is also the bare English "Box 77".
PO_BOX_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"p\.?\s?o\.?\s?box", r"g\.?p\.?o\.?\s?box", "private bag", "locked bag"),
    "sv": ("box",),
    "nl": ("postbus",),
    "de": ("postfach",),
    "fr": ("bo[iî]te postale", "bp", "case postale", "tsa"),  # TSA: La Poste's business reply box ("TSA 41207")
    "es": (r"apartado(?: de correos)?", r"apdo\."),
    "it": ("casella postale",),
    "pt": ("caixa postal", "apartado"),
    "da": ("postboks",),
    "nb": ("postboks",),
    "fi": ("postilokero", "pl"),
    "pl": (r"skr\.\s?poczt\.", "skrytka pocztowa"),
}
#: Boxes often written with the postcode alone (Swiss, Austrian, German "Postfach 8021 Zürich", French "case
#: postale", Italian "casella postale"): their number is the postcode unless another code follows the town.
POSTCODE_ONLY_BOXES = ("postfach", "case postale", "casella postale")
#: Box words that before a number may be something else: Finnish "PL" is also Poland's country prefix ("PL
#: 00-950 Warszawa"), so it marks an address but does not make the number after it a box's.
_AMBIGUOUS_BOX_WORDS = frozenset({"pl"})
_BOX_WORDS = "|".join(dict.fromkeys(word for words in PO_BOX_WORDS.values() for word in words))
_BOX_NUMBER_WORDS = "|".join(dict.fromkeys(word for words in PO_BOX_WORDS.values() for word in words
                                           if word not in _AMBIGUOUS_BOX_WORDS))
_POSTCODE_ONLY_WORDS = "|".join(POSTCODE_ONLY_BOXES)
#: Four-digit codes (CH, AT, BE, DK, NZ…) read like years, prices and counts, so they count only where the
#: address around them is evident: before a town right after a house number ("Rue du Rhône 42, 1204 Genève",
#: the Continental order), or after a town that ends a comma-separated address line ("Te Aro, Wellington 6011").
_FOUR_DIGIT_BEFORE_TOWN = (
    re.compile(rf"[A-Z](?<![\d.,'’/-][A-Z])[A-Z]?-([1-9]\d{{3}})\s+{_TOWN_EU}"),
    re.compile(rf"([1-9](?<![\d.,'’/-][1-9])\d{{3}})\s+{_TOWN_EU}"))
_FOUR_DIGIT_AFTER_TOWN = re.compile(
    rf",\s*(?!(?:Suite|Ste|Unit|Room|Floor|Level|Apt|Flat|Building|Bldg|Office|PO|P\.O\.|(?i:{_BOX_WORDS}))\b)"
    r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?,?\s+(\d{4})(?![\d.,:/-]?\d)")
#: ... or after the town that ends a PO box or private bag line with no comma before the code ("PO Box 90215
#: Victoria Street West Auckland 1142", "Private Bag 92001 Auckland 1142"): the box says it is an address.
_FOUR_DIGIT_AFTER_BOX = re.compile(
    rf"\b(?i:{'|'.join(PO_BOX_WORDS['en'])})\s*\d{{1,6}},?(?:\s+[A-Z][\w'’-]+){{1,4}},?\s+(\d{{4}})"
    r"(?![\d.,:/-]?\d)")
#: The same box words in lower-cased text, without a word boundary: a quick test that the pattern above can
#: match at all (most pages have no box, and the test skips to the letters the words start with).
_ENGLISH_BOX = re.compile("|".join(PO_BOX_WORDS["en"]))
#: East African boxes carry the postcode after the box number ("P.O. Box 30123-00100, Nairobi", Kenya's and
#: Uganda's format): the code after the dash is the postcode.
_BOX_DASH_CODE = re.compile(rf"\b(?i:{'|'.join(PO_BOX_WORDS['en'])})\s*\d{{1,6}}\s?[-–]\s?(\d{{5}})(?![\d-])")
#: A Romance house number before its street word ("12, rue de la Gare, L-1234 Luxembourg", "1234, rue
#: Sainte-Catherine"): like the "street, number" end, it makes a four-digit code after it an address's.
_NUMBER_THEN_STREET = re.compile(
    r"(?:^|[\s,·|])\d{1,4}(?: ?(?:bis|ter|[a-z]))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|ch\.|route|rte|"
    r"place|allée|impasse|quai|cours|passage|via|viale|piazza|corso|calle|avenida)\b", re.I)
#: Postcode formats of one country, tried only on pages of that country (its language or region) because
#: their digits read like other numbers elsewhere: Swedish "111 35 Stockholm", Norwegian four-digit codes
#: that start with 0 ("0579 Oslo"), Indian six-digit PIN codes after a city or state ("Mumbai 400013",
#: "Mumbai – 400013"), Polish "00-850 Warszawa".
REGIONAL_POSTCODES: dict[str, re.Pattern[str]] = {
    "SE": re.compile(r"(?<![\d.,-])(?:SE-)?([1-9]\d{2} \d{2})\s+(?=[A-ZÅÄÖ][\wåäö'-]{2,})"),
    "NO": re.compile(r"(?<![\d.,'’/-])(?:NO-)?(0\d{3})\s+(?=[A-ZÆØÅ][\wæøå'-]{2,})"),
    "IN": re.compile(r"[A-Z][a-z]+,?\s+(?:[–-]\s*)?([1-9]\d{2}\s?\d{3})(?![\d-])"),
    "NG": re.compile(r"[A-Z][a-z]+,?\s+(?:[–-]\s*)?([1-9]\d{5})(?![\d-])"),  # Nigeria: "Ikeja, Lagos 100271"
    "PL": re.compile(r"(\d(?<![\d-]\d)\d-\d{3})\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ][\w'-]{2,})"),
}
#: The patterns whose four-digit code before a town needs a house number (or a postcode-only box) before it.
_BEFORE_TOWN_PATTERNS = (*_FOUR_DIGIT_BEFORE_TOWN, REGIONAL_POSTCODES["NO"])
#: Singapore's six-digit codes follow the country's name ("Singapore 238896") wherever the page is from.
_SINGAPORE = re.compile(r"Singapore(?<!\wSingapore)\s+(\d{6})\b")
#: A number right after a PO box word is the box's number, not a postcode ("P.O. Box 30412 Tampa, FL 33630").
_BOX_NUMBER_BEFORE = re.compile(rf"\b(?:{_BOX_NUMBER_WORDS})[\s.:#]*$", re.I)
#: A box written with the postcode only (:data:`POSTCODE_ONLY_BOXES`) just before a number.
_POSTCODE_ONLY_BOX = re.compile(rf"\b(?:{_POSTCODE_ONLY_WORDS})[\s.:#]*$", re.I)
_CODE_AFTER_TOWN = re.compile(r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3},?\s+(?:(?:[A-Z]{2,3}\s+)?\d{4,6}(?!\d)|"
                              r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|[A-Z]\d[A-Z]\s?\d[A-Z]\d\b)")
#: The end of a "street name, house number" line just before a postcode ("Schulterblatt 58 20357 Hamburg"):
#: an address even when the street name has no street word.
_HOUSE_NUMBER_END = re.compile(
    r"[A-ZÄÖÜÀ-ÝÅØÆ][^\W\d_]{2,}[.'’-]?(?:\s+[^\W\d_][\w.'’-]*){0,3}\s+\d{1,4}[a-zA-Z]?"
    r"(?:,?\s*\d{1,2}\.?\s*(?:sal|th|tv|mf|etage|étage|stock|og|floor|verdieping|andar|piso|º|ª)\.?)?\s*[,·|]?\s*$")
#: The start of an address in English order, a house number before the street's name, ending just before
#: the postcode ("14 Leith Walk Edinburgh EH6 5DT").
_HOUSE_NUMBER_START = re.compile(
    r"(?:^|[\s,·|])\d{1,4}[a-zA-Z]?,?\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}(?:,?\s+[A-Z][\w'’.-]+){0,2}"
    r",?\s*$")
#: Words that introduce the business's own address (within the text before a postcode).
_ADDRESS_WORDS = re.compile(
    r"\b(address|write to|by post|postal|post (?:it |them |your \w+ )?(?:back )?to|returns? to|"
    r"send (?:it|them|the \w+|your \w+|us)? ?(?:back )?to|registered office|head office|headquarters|mailing|"
    r"correspondence|"
    r"anschrift|adresse|postanschrift|courrier|siège|dirección|domicilio|correo postal|adres|postadres|"
    r"bezoekadres|indirizzo|sede|postadress|besöksadress|postadresse|besøksadresse|postiosoite|käyntiosoite|"
    r"osoite|adres korespondencyjny|siedziba)\b", re.I)
#: A street (searched in lower-cased text: three times faster than re.I on this many words): a street word after
#: a capitalised name or a house number, or a PO box. Dutch, German and Nordic street words are also glued to
#: the name ("Prinsengracht", "Hauptstraße", "Kungsgatan", "Økernveien", "Tikkurilantie"); Catalan, Spanish,
#: French and Portuguese ones come first ("Passeig de Gràcia", "Carrer de Mallorca", "C/ Mayor", "Rua Augusta").
_STREET = re.compile(
    r"\b(street|st|road|rd|lane|ln|avenue|ave|way|drive|dr|place|square|row|court|close|crescent|terrace|parade|"
    r"boulevard|blvd|bd|highway|parkway|rue|chemin|allée|quai|impasse|cours|calle|avenida|avda|av|plaza|paseo|"
    r"pasaje|ronda|rambla|travesía|carretera|ctra|camino|glorieta|carrer|passeig|avinguda|plaça|travessera|"
    r"passatge|rua|praça|travessa|via|piazza|corso|viale|straat|laan|plein|gracht|kade|singel|dijk|steeg|"
    r"markt|quay|wharf|mews|walk|gardens|grove|green|gate|rise|vale|yard|circle|circus|wynd|marg|"
    r"stra(?:ß|ss)e|gasse|allee|platz|bridge|hill|broadway|embankment|promenade|esplanade|approach|causeway|"
    r"jalan|jln|lorong|persiaran|lebuhraya|lebuh|ulica|aleja)\b\.?|"
    # glued to the name: the suffix after a letter of the same word (a look-behind, not "\w+", which retried
    # every suffix at every letter)
    r"(?<=\w)(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|damm|straat|gracht|laan|kade|plein|singel|dijk|steeg|"
    r"gatan|gata|vägen|väg|veien|vei|vej|gade|torget|torg|allé|plads|stræde|tie|katu|kuja)\b|"
    r"\bc/\s?(?=[a-zà-ý])|\b(?:ul|al|os)\.\s?(?=[a-ząćęłńóśźż])|"
    rf"\b(?:{_BOX_WORDS})\s*\d+|\b(?:{_POSTCODE_ONLY_WORDS}|apartado)\b|"
    r"\b(?:unit|suite|ste|floor|building|bldg|room|level|flat|apt|shop)\.? ?[a-z]?\d+\w?\b|"
    r"#\d{1,2}-\d{1,4}\b|"
    r"\b(?:industrial|business|trading|retail) (?:estate|park|centre|center)\b")
#: Addresses that are not the business's own: the customer's (delivery, billing), and on a legal notice
#: the web host's (hosting provider, "hébergeur", "Hosted by").
_CUSTOMER_ADDRESS = re.compile(
    r"\b(delivery|billing|shipping|invoice|your|customer'?s?) address\b|\bdeliver(ed|y|ing)? to\b|"
    r"\b(bill|ship|invoice)(p?ed|p?ing)? to\b|\bsold to\b|lieferadresse|liefern an|rechnungsadresse|"
    r"adresse de (livraison|facturation)|livr(é|ée|er|aison) à|factur(é|ée|er) à|"
    r"dirección de (envío|entrega|facturación)|enviar a|bezorgadres|factuuradres|"
    r"\bhost(ed|ing)? (by|provider|company|service)\b|\bweb ?host\w*|\bhoster\b|\bhosting\s*:|"
    r"h[ée]bergeu?r|h[ée]bergement|h[ée]berg[ée] par|\bwebhosting|\bhostingprovider|\bhosted at\b|"
    r"alojamiento|proveedor de hosting", re.I)
#: Other organisations a legal notice names with their address: the financial guarantor or insurer, the
#: consumer mediator or ombudsman, the regulator or supervisory authority. Read in the postcode's own
#: sentence only, so a regulator named before "Registered office: …" does not hide the business's address.
_OTHER_ORGANISATION = re.compile(
    r"\bguarantor\b|\bgarantie financière|\bgarant financier|\bassureur\b|\bassurance (?:rcp|responsabilité)|"
    rf"{COMPLAINT_BODIES}|\baufsichtsbehörde\b|\bregulated by\b|"
    r"\bsupervis(?:ed by|ory authority)\b|\bautorit[ée] de contr[ôo]le\b|"
    # the national regulators a complaints section sends customers to (Italy's insurance and banking supervisors,
    # Germany's BaFin), and "complain to …" in the Nordic languages (Denmark's "Center for Klageløsning")
    r"\bivass\b|\bbanca d['’]italia\b|\bbafin\b|\bklag(?:e|a) (?:til|till|hos)\b", re.I)
_SENTENCE_END = re.compile(r"[.;!?]\s|\n")
#: A month and day just before a four-digit number ("Mar 12, 2024 Delayed payouts"): the number is the date's year.
_MONTH_DAY_END = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                            r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}"
                            r"(?:st|nd|rd|th)?,?\s*$", re.I)
#: An address quoted in parentheses as an example or as a listing's ("the address on your viewing confirmation
#: (e.g. Flat 2, 14 Severn Grove, CF11 9EN) is the property", "l'adresse indiquée dans l'annonce (réf. …, 8 rue
#: Nationale, 59000 Lille)"): the example words of :data:`checks.facts.EXAMPLE_WORDS` right after the bracket, or a
#: property listing or advert named just before it, per language.
_EXAMPLE_OPENING = re.compile(rf"\s*(?:{EXAMPLE_WORDS})", re.I)
_LISTING_BEFORE = re.compile(
    r"\b(?:listings?|adverts?|advertisements?|viewing|annonces?|inserat|anzeige|exposé|anuncio|annuncio|anúncio|"
    r"advertentie|annons|annonse)\b[^()\n]{0,40}$", re.I)
POSTAL_WINDOW = 120
_PLACE = (r"(?:stores?|shops?|showrooms?|branch(?:es)?|boutiques?|pharmac(?:y|ies)|chemists?|opticians?|salons?|"
          r"clinics?|offices?|surgery|practice|"
          r"(?:customer |visitor |service |business |citizens?['’]? )cent(?:re|er)s?|librar(?:y|ies)|pantr(?:y|ies)|"
          r"depots?|lounges?|warehouses?)")
#: Invitations to visit a place: "Visit a Larkspur store", "Pop in to your local branch", "Drop in for a
#: free check", "walk-ins welcome", store finders, and the same in German ("Besuchen Sie uns", "in unserer
#: Filiale"), French ("en magasin", "en agence", "Venez nous voir"), Dutch ("Kom langs in de winkel",
#: "Bezoekadres") and Spanish ("en oficina", "nuestras sucursales"). Online stores are not places.
_IN_PERSON = (
    rf"\bvisit (?:us in[- ]store|us in (?:person|our (?:store|shop|showroom|branch))|"
    rf"(?:a|an|any|(?:one|any) of our|your (?:nearest|local)|our)\s+(?!online|web|e-?shop|app)"
    rf"(?:[\w'’&-]+\s+){{0,2}}?{_PLACE})\b|"
    rf"\b(?:pop|drop|call|come|stop) (?:in|into|by|round)(?: to)? (?:at |and see us at )?(?:a|an|any|your|our|the)"
    rf"(?: (?:local|nearest))? (?!online)(?:[\w'’&-]+\s+){{0,1}}?{_PLACE}\b|"
    r"\b(?:store|shop|branch) (?:locator|finder)\b|\bin[- ]store (?:help|advice|support|appointments?|experts?)\b|"
    rf"\bfind (?:a|an|the|your nearest|your local|our) {_PLACE}\b|\byour (?:nearest|local) {_PLACE}\b|"
    r"\bcome (?:and|to) (?:see|visit) us\b|"
    rf"\bcome to (?:our|any of our|your (?:local|nearest)) (?!online)(?:[\w'’&-]+\s+){{0,1}}?{_PLACE}\b|"
    r"\bvisit the (?!online|web)(?:[\w'’&-]+\s+){0,1}?(?:showrooms?|branch|clinic|surgery|practice|pharmacy|library|"
    r"salon|depot|pantry|lounge)\b|"
    r"\b(?:drop(?<!\ba drop)(?<!\bthe drop)(?<!\bany drop)|pop|walk) in(?= (?:for|to|and|any ?time|whenever|"
    r"during|without|today)\b)|"
    r"\bwalk-?ins? (?:are )?(?:welcome|appointments?|service|clinic)\b|\bwalk-?ins\b|"
    r"\bwalk-?in (?:customers|clients|guests|patients|visitors) (?:are )?(?:always )?welcome\b|"
    r"\bwalk in,? or (?:book|make|call|phone|ring)\b|"
    r"\bour (?:stores|shops|showrooms|branches)\b|\bfilial(?:finder|e finden|suche)\b|\bunsere filialen\b|"
    r"\b(?:in|bei) (?:einer|unserer|unseren|ihrer|jeder|der) filiale\b|\bfiliale (?:in ihrer nähe|vor ort)\b|"
    r"\bbesuchen sie uns(?! (?:auf|online|im (?:internet|web)|bei (?:facebook|instagram|linkedin)))\b|"
    r"\btrouver (?:un|une|votre) (?:magasin|agence)\b|\bnos (?:magasins|boutiques)\b|\ben magasin\b|"
    r"\ben agence\b|\b(?:nos|votre|vos) agences?\b(?! (?:en ligne|digitale?|web))|"
    r"\ben (?:oficina|sucursal)\b|\bnuestras (?:oficinas|sucursales)\b|"
    r"\bvenez nous (?:voir|rendre visite)\b|\bencuentra tu tienda\b|\ben tienda\b|\bvisita nuestras? tiendas?\b|"
    r"\bnuestras tiendas\b|\bbuscador de tiendas\b|\bkom (?:gerust )?langs\b|\bbezoekadres\b|"
    r"\bin (?:de|onze) winkels?\b|\bonze winkels\b|\bwinkelzoeker\b|"
    # a place described rather than named: an address to visit, a desk, directions, visitor parking, no
    # appointment needed; and the same in Italian, Portuguese, German, French and Swiss French
    r"\bvisit us (?:at|on|in)\b(?! (?:facebook|instagram|linkedin|youtube|tiktok|x\b|twitter|our website|online))|"
    r"\bcall in (?:to|at)\b|\b(?:front|reception|rental|hire|check-in) desk\b|\bour desk\b|"
    r"\bno appointment (?:is )?(?:needed|necessary|required)\b|\bwithout (?:an )?appointment\b|"
    r"\b(?:get|driving) directions\b|\bhow to (?:find|get to) us\b|\bfind us\b(?! on\b)|"
    r"\bgetting here\b|\b(?:free |on-site |onsite )?parking (?:for|is available for) (?:clients|customers|visitors|"
    r"patients|members)\b|\b(?:client|customer|visitor|patient) parking\b|"
    r"\banfahrt\b|\bwegbeschreibung\b|\bso finden sie uns\b|\bohne termin\b|\bkommen sie vorbei\b|"
    r"\bsuccursales?\b(?! (?:en ligne|digitale?|web))|\bsans rendez-vous\b|\bplan d['’]accès\b|"
    r"\bcomment (?:venir|nous trouver)\b|\bsin cita(?: previa)?\b|\bcómo llegar\b|\bzonder afspraak\b|"
    r"\bvieni(?:te)? a (?:trovarci|provare)\b|\bpresso (?:la |il |le |i )?(?:nostr[aei]|nostri) (?:sede|sedi|negozi?o?|"
    r"filiali?|punt[oi] vendita|uffici?o?)\b|\bnei nostri (?:negozi|punti vendita|uffici)\b|\bin (?:negozio|filiale)\b|"
    r"\bcome raggiungerci\b|\bsenza appuntamento\b|\bbalc(?:ão|ões) de atendimento\b|\blojas? de atendimento\b|"
    r"\batendimento presencial\b|\bvisite-nos\b|\bvenha (?:visitar-nos|ter connosco)\b|\bcomo chegar\b|"
    r"\bsem marcação\b|"
    # a "Visit us" heading on its own line; a reception desk; the same invitations in Spanish, Italian,
    # Portuguese, German, French and the Nordic languages (customer centres, counters, "find us at")
    r"\bvisit us(?=[ \t]*(?:[/|][^\n]{0,60})?(?:\n|$))|\bat (?:our )?reception\b|\bven(?:id)? a vernos\b|"
    r"\bvisítanos\b(?! en (?:facebook|"
    r"instagram|linkedin|youtube|tiktok|x\b|twitter|nuestra web|línea))|\bsportell[oi]\b(?! (?:online|digital[ei]|"
    r"telematic[oi]|virtual[ei]))|\bvenha (?:experimentar|conhecer|visitar)\b|\bas nossas lojas\b|"
    r"\bkomm(?:en sie)? (?:einfach |gerne |gern )?vorbei\b|\bkunden(?:zentrum|zentren|center)\b|\bim büro\b|"
    r"\bpersönliche beratung\b|\bnous vous (?:recevons|accueillons)\b|\bnos bureaux\b|"
    r"\bbes(?:ø|ö)(?:g|k) oss?\b(?! (?:på|pa) (?:facebook|instagram|linkedin|nettet|webben))|"
    r"\bdu finner oss\b(?! (?:på|pa) (?:facebook|instagram|linkedin|nett))|\bbillettkontor\w*|\bkundcenter\b|"
    r"\bkundesenter\b|\bkundecenter\b|\bvälkommen till (?:vårt|vår|oss)\b|\bbesöksadress\b|\bbesøksadresse\b|"
    r"\bkund(?:e)?parkering\b|\btervetuloa\b|\btoimipiste\w*|\bkäyntiosoite\b")
#: Invitations to come to the business's own premises, per language (en, de, fr, nl, es, it, pt, sv, da, nb, pl, fi):
#: the verbs and phrases of coming by ("kigge forbi", "langskomen", "passez nous voir", "stikk innom"), a
#: reception or counter that receives visitors ("L'accueil vous reçoit", "tar emot besök", "i receptionen"),
#: meetings or appointments held at the premises, collecting an order there, and how to get there (parking by
#: the building, an entrance, the metro line, wheelchair access to the premises). Parcel shops of a carrier
#: and online "visits" are not the business's premises.
_PREMISES = (r"(?:store|shop|branch|office|offices|clinic|practice|surgery|premises|building|showroom|salon|studio|"
             r"pharmacy|library|entrance|reception)")
VISIT_VOCABULARY: dict[str, str] = {
    "en": (
        r"\bvisit(?: us)?\s*:(?!\s*(?:www\.|https?:|our (?:web)?site|online))|"
        r"\bvisit (?:[\w'’&-]+\s+){1,4}?(?:at|in|on) (?:the |our )?(?:[\w'’-]+\s+){0,3}?(?:campus|building|floor|"
        r"level \d+|room \d+|reception|desk|counter)\b|"
        r"\b(?:meetings?|appointments?|consultations?|visits?) (?:are |take place |are held )?(?:at|in) (?:our|the) "
        rf"(?:[\w'’-]+\s+)?{_PREMISES}\b|"
        r"\b(?:reference|information|enquiry|enquiries|welcome|circulation|returns|collection|customer service|"
        r"concierge|front|lost property) (?:desk|counter)s?\b|\blost property office\b|"
        r"\b(?:pay|apply|renew|register|enquire|collect|book|speak|talk|see|meet|buy|purchase|order)\b"
        r"(?: [\w'’-]+){0,3}? in person\b|"
        r"\b(?:drop off|collect|pick up|return)\b(?: [\w'’-]+){0,3}? at (?:the|our) (?:warehouse|depot|counter|desk|"
        r"reception|branch|showroom)\b|"
        r"\b(?:meetings?|consultations?|visits?) (?:are |is )?(?:strictly |only )?by appointment\b|"
        r"\b(?:meet|see|welcome)(?: [\w'’-]+){0,2}? by appointment\b|\bin[- ]person at\b|"
        r"\bface[- ]to[- ]face (?:enquiries|appointments?|meetings?|help|service|support|advice)\b|"
        # a section headed "In person" or "Customer service centres" (the lines under it list the places)
        r"\bin[- ]person(?=[ \t]*(?:\n|$))|\bcustomer service cent(?:re|er)s(?=[ \t]*(?:\n|$))|"
        r"\bopen (?:strictly |only )?by appointment\b|"
        r"\bin[- ]person (?:appointments?|visits?|service|support|help|payments?|enquiries)\b|"
        r"\bjust (?:turn|show) up\b|\b(?:find|visit|come to) (?:the|our) (?:garage|workshop)\b|"
        r"\bbring (?:your |a |some )?(?:photo |valid )?(?:id|identification|passport)\b|"
        r"\b(?:at|to) (?:the|our|any) (?:counter|box office|ticket office|ticket desk)\b|"
        r"\bclick (?:and|&) collect\b|\b(?:collect|pick up) (?:your order |it |them )?(?:in|from) (?:store|our "
        r"(?:store|shop|warehouse|showroom)|any of our)\b|"
        r"\b(?:free |customer |visitor |patient )?parking (?:is )?(?:available )?(?:behind|beside|next to|opposite|"
        r"outside|in front of|at the (?:rear|back|front)|round the back|on site|onsite)\b|"
        r"\benter (?:from|off|via) [\w ]{0,25}?\b(?:ln|lane|st|street|road|rd|ave|avenue|car park|parking lot|side|"
        r"rear|back)\b|\bentrance (?:is )?(?:on|from|via|off|opposite|next to)\b|"
        rf"\b{_PREMISES} (?:is|are) (?:fully )?wheelchair[- ]accessible\b|"
        r"\b(?:nearest|closest) (?:tube|underground|metro|subway|train|railway|bus|tram) (?:station|stop)\b"),
    "de": (
        r"\bbesuchen sie (?:uns |unsere?n? |eine unserer |einen unserer )?(?:\w+ )?(?:filiale|geschäftsstelle|praxis|"
        r"laden|geschäft|showroom|beratungsstelle|servicecenter|kundencenter|standort|bürgerbüro|servicebüro)\w*|"
        r"\bschauen sie (?:gerne |gern |einfach )?(?:bei uns )?vorbei\b|"
        r"\bsie finden uns (?:in|im|am|an der|direkt)\b(?! (?:internet|netz|web))|"
        r"\bbei uns vor ort\b|\bin unsere[rnm]? (?:praxis|geschäftsstellen?|servicecenter|servicebüro|filiale|laden|"
        r"geschäft|showroom|kanzlei|apotheke)\b|\b(?:praxis|filiale|geschäft|laden|büro|eingang|kanzlei) ist "
        r"(?:\w+ )?(?:barrierefrei|rollstuhlgerecht)\b|"
        r"\babholung (?:in der filiale|im (?:markt|laden|geschäft)|vor ort)\b|\bselbstabhol(?:ung|er)\b|"
        r"\b(?:kasse|empfang|rezeption|anmeldung|information|infotheke|servicetheke|schalter|garderobe) "
        r"(?:befindet sich|finden sie) (?:im|in der|am|an der|direkt)\b|"
        r"\b(?:einen|ihren|den) (?:gültigen |amtlichen )?(?:personal|lichtbild)?ausweis mit\b"),
    "fr": (
        r"\b(?:l['’])?accueil (?:vous )?(?:reçoit|est ouvert|du public)\b|\bvous (?:reçoit|reçoivent|accueille|"
        r"accueillent)(?: \w+){0,2}? (?:dans (?:nos|notre|l['’]|la|le|les)|sur place|au (?:rez|premier|cabinet|magasin|"
        r"guichet|comptoir|bureau)|à l['’](?:agence|accueil|adresse))|"
        r"\bpassez (?:nous voir|nous rendre visite|nous dire bonjour|à l['’]agence|en agence|au magasin|"
        r"en boutique|au cabinet)\b|\bnotre (?:agence|magasin|showroom|cabinet|clinique|pharmacie|accueil)\b"
        r"(?! (?:en ligne|digitale?|web|téléphonique))|\bau guichet\b|"
        r"\bretrait (?:en magasin|en boutique|en agence|au dépôt)\b|"
        r"\baccueil(?:le|lent)? (?:les |le |la |nos |vos |des |du )?(?:parents|élèves|patients|clients|visiteurs|"
        r"public|usagers|familles)\b|"
        r"\baccessible aux personnes à mobilité réduite\b|"
        # a place that receives you on given days ("Notre boutique-atelier … vous accueille du mardi au samedi")
        r"\bvous (?:accueille|accueillent|reçoit|reçoivent) (?:du|le|les|tous les|chaque) (?:lundi|mardi|mercredi|"
        r"jeudi|vendredi|samedi|dimanche)\b"),
    "nl": (
        r"\blangs(?:komen|gaan|lopen)\b|\b(?:u bent|je bent|jij bent|iedereen is) (?:van harte |altijd |ook )?welkom "
        r"(?:in|op|bij|aan)\b(?! (?:onze |de |het )?(?:website|webshop|site|online|app))|"
        r"\bbezoek(?:t)? (?:ons|onze|een van onze) (?:\w+ )?(?:winkel|kantoor|showroom|vestiging|"
        r"praktijk|balie)\w*|\baan de balie\b|\bloop (?:gerust |even )*binnen\b|\bkom (?:gerust |even )*binnen\b|"
        r"\b(?:praktijk|winkel|kantoor|kliniek|apotheek|salon|pand|gebouw|ingang) is (?:goed |volledig )?"
        r"rolstoeltoegankelijk\b|\bparkeren kan\b|\bwij ontvangen u\b|"
        r"\b(?:kantoor|praktijk|winkel|showroom|vestiging|apotheek|kliniek|balie) ontvangt u\b|"
        r"\b(?:afhalen|ophalen) in (?:de|onze) winkel\b"),
    "es": (
        r"\bvisítenos\b|\bpá?sate por\b|\bpase por nuestr[ao]s? (?:tienda|oficina|clínica|sucursal)|"
        r"\b(?:te|le|os|les) esperamos en (?:nuestr[ao]s?|la|el)\b|"
        r"\bencuentra (?:tu|su|una|nuestra) (?:oficina|tienda|sucursal|agencia|clínica|delegación)\b|"
        r"\b(?:tu|su) (?:oficina|tienda|sucursal|agencia|clínica|delegación) más cercana\b|"
        r"\bven a (?:nuestra|nuestras|la) (?:tienda|clínica|"
        r"oficina|sucursal)\b|\brecogida en tienda\b|\brecoger en tienda\b|\baccesible (?:para|en) silla de ruedas\b|"
        r"\bcita previa\b|\ben cualquiera? (?:de nuestras )?(?:tiendas?|oficinas?|sucursal(?:es)?|agencias?)\b"),
    "it": (
        r"\bpassa(?:te)? a trovarci\b|\bvi aspettiamo (?:in|presso|nel|nella|nei)\b|\bti aspettiamo (?:in|presso|nel|"
        r"nella|nei)\b|\bvisita(?:te)? il nostro (?:negozio|showroom|punto vendita|studio)\b|\britiro in negozio\b|"
        r"\bal banco\b|\bbanco (?:prestiti|informazioni|accoglienza)\b|"
        r"\btrova (?:l['’]|la |il |un |una |un['’])?(?:agenzia|filiale|negozio|punto vendita|sede|ufficio)\b|"
        r"\b(?:agenzia|filiale|negozio|punto vendita|sede|ufficio) più vicin[oa]\b"),
    "pt": (
        r"\bvisite[- ](?:a |as |o |os )?(?:nossa|nossas|nosso|nossos) (?:loja|lojas|balcão|balcões|agência|agências|"
        r"escritório|clínica|showroom|espaço)\b|\bpasse (?:na|pela|pelo|numa|por uma|por um) (?:nossa |nosso )?(?:loja|"
        r"agência|balcão|clínica|escritório)\b|\blevantamento em loja\b|\brecolha em loja\b"),
    "sv": (
        r"\bbesök (?:ett|en|vårt|vår|våra|något av våra|någon av våra|närmaste) (?:\w+ )?(?:kontor|butik|bankkontor|"
        r"kundcenter|mottagning|reception|filial|showroom|vårdcentral|apotek)\w*|\btar emot besök\b|"
        r"\bvälkomna? (?:in|förbi|till oss)\b|\bkom (?:in|förbi) (?:till|i|på)\b|"
        r"\bhämta (?:ut )?(?:din \w+ )?i butik\w*"),
    "da": (
        r"\bkig(?:ge)? (?:ind|forbi)\b|\bkom forbi\b|\bi receptionen\b|\bved skranken\b|"
        r"\bvelkommen (?:i|på|hos) (?:vores|os|butikken|klinikken)\b|\bafhentning i butikken\b"),
    "nb": (
        r"\bstikk (?:innom|inn)\b|\bkom innom\b|\bvelkommen (?:innom|til oss)\b|\bi resepsjonen\b|"
        r"\bhent(?:ing)? i butikken\b"),
    "pl": (
        r"\bodbiór osobisty\b|\bodebrać osobiście\b|\bosobiście w (?:naszym|naszej|naszych)\b|"
        r"\bzapraszamy do (?:naszego|naszej|naszych) (?:sklepu|sklepów|biura|salonu|punktu|oddziału|oddziałów|"
        r"siedziby|placówki|placówek|gabinetu)\b|\bodwiedź (?:nasz|naszą|nasze)\b"),
    "fi": (
        r"\bnouto(?:varasto|myymälä)\w*|\bnoutaa [\w ]{0,30}(?:varastolta|myymälästä|myymälästämme|liikkeestä)\b|"
        r"\bkäy (?:myymälässä|myymälässämme|toimipisteessä|toimipisteessämme|liikkeessä|liikkeessämme)\b"),
}
#: Public transport to the premises in any language: a metro, tram or bus stop with its line ("Metro Saldanha
#: (linhas amarela e vermelha)", "U-Bahn Marienplatz (Linie U3)").
_TRANSIT = (r"\b(?:metro|métro|tube|subway|u-bahn|s-bahn|tram|tranvía|elétrico|tunnelbana|t-bana|t-bane|bus)\b"
            r"[^.\n]{0,40}\((?:line|linha|ligne|linea|línea|linie|lijn|linje)s?\b")
_VISIT = "|".join([*VISIT_VOCABULARY.values(), _TRANSIT])


def _top_level_split(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` (its ``|`` outside every group and character class)."""
    bars = [i for i, char, depth in _syntax(pattern, 0) if char == "|" and depth == 0]
    return [pattern[start + 1:end] for start, end in zip([-1, *bars], [*bars, len(pattern)], strict=True)]


def _syntax(pattern: str, start: int) -> Iterator[tuple[int, str, int]]:
    """Each regex syntax character of ``pattern`` from ``start`` (escapes and character classes skipped) with
    the group depth after it: the one walk both the alternative split and the group end read."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i)
            continue
        depth += (char == "(") - (char == ")")
        yield i, char, depth
        i += 1


def _class_end(pattern: str, start: int) -> int:
    """The index just past the character class that opens at ``start`` (a ``]`` first in it is a member)."""
    i = start + 1 + pattern.startswith("^", start + 1)
    i += pattern.startswith("]", i)
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, start: int) -> int:
    """The index just past the ``)`` that closes the group opening at ``start``."""
    return next(i + 1 for i, char, depth in _syntax(pattern, start) if char == ")" and depth == 0)


_LITERAL_START = re.compile(r"[^\\()\[\].^$|?*+{}](?![?*+{])")


def _literal_starts(alternative: str) -> list[str] | None:
    """``alternative`` as alternatives that each start with one literal character, in the order the regex engine
    tries them: a leading group, optional or not, is distributed over the rest (``(?:a|b)?c`` is ``ac|bc|c``);
    None where a start cannot be written so."""
    if _LITERAL_START.match(alternative):
        return [alternative]
    if not alternative.startswith("(?:"):
        return None
    end = _group_end(alternative, 0)
    optional = alternative.startswith("?", end)
    rest = alternative[end + optional:]
    if rest[:1] in ("*", "+", "{", "?"):
        return None
    options = [*(option + rest for option in _top_level_split(alternative[3:end - 1])), *([rest] if optional else [])]
    found: list[str] = []
    for option in options:
        starts = _literal_starts(option)
        if starts is None:
            return None
        found.extend(starts)
    return found


def first_character_dispatch(pattern: str) -> str:
    r"""``pattern``, an alternation whose every alternative starts with ``\b``, rewritten to try at each word start
    only the alternatives that begin with the character found there: ``\b(?:v(?:isit…|…)|p(?:op…)|…)``. The
    regex engine skips a branch that starts with a literal after one comparison, so a word start costs some
    thirty comparisons instead of an attempt at each of some two hundred alternatives (three to four times
    faster over a page). The matches are the same: alternatives keep their order within a character, and
    alternatives starting with different characters never match at the same place. A pattern that cannot be
    rewritten so is returned as it is."""
    alternatives = _top_level_split(pattern)
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        starts = _literal_starts(alternative[2:]) if alternative.startswith(r"\b") else None
        if starts is None:
            return pattern
        for text in starts:
            groups.setdefault(text[0], []).append(text[1:])
    return r"\b(?:" + "|".join(f"{re.escape(c)}(?:{'|'.join(rests)})" for c, rests in groups.items()) + ")"


#: Both vocabularies in one pattern without re.I, searched in lower-cased text: four times faster than two
#: case-insensitive searches, and every page's main text is searched (neither pattern has a capital letter).
#: Dispatched on the first character of each alternative (:func:`first_character_dispatch`).
_INVITATION = re.compile(first_character_dispatch(f"{_IN_PERSON}|{_VISIT}"))
#: A negation close before an invitation in its clause takes it back ("we don't have a showroom", "keine Filiale",
#: "pas de magasin", "geen winkel", "no tenemos tienda", "non abbiamo", "não temos", "ingen butik", "ikke").
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not|no|never|cannot|nor|kein\w*|nicht|pas|aucun\w*|geen|niet|non|não|inte|ingen|inget|ikke|ei|emme|"
    r"nie|nem|ni|né)\b|n['’]t\b)(?:\s+[\w'’&-]+){0,2}\s*$")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()–—\n]")
NEGATION_REACH = 60
#: schema.org types of a place customers can walk into (any type ending in "Store" counts too): LocalBusiness
#: and its subtypes as schema.org lists them, and the place-like medical and civic types. Agencies and
#: advisers (insurance, law, accounting, recruitment) are left out: their address is often only an office.
LOCAL_BUSINESS_TYPES = frozenset({
    "LocalBusiness", "Store", "AutomotiveBusiness", "FinancialService", "BankOrCreditUnion", "FoodEstablishment",
    "Restaurant", "HealthAndBeautyBusiness", "HomeAndConstructionBusiness", "ProfessionalService", "TravelAgency",
    "LodgingBusiness", "Pharmacy", "Library", "PostOffice", "ShoppingCenter", "Optician", "MedicalBusiness",
    # automotive
    "AutoBodyShop", "AutoDealer", "AutoRental", "AutoRepair", "AutoWash", "GasStation", "MotorcycleDealer",
    "MotorcycleRepair",
    "AutomatedTeller",
    # food and drink
    "Bakery", "BarOrPub", "Brewery", "CafeOrCoffeeShop", "Distillery", "FastFoodRestaurant", "IceCreamShop", "Winery",
    # health and care
    "VeterinaryCare", "Dentist", "Physician", "MedicalClinic", "Hospital", "DiagnosticLab", "Optometric",
    "Physiotherapy", "ChildCare", "AnimalShelter", "DryCleaningOrLaundry",
    # beauty, sport and leisure
    "BeautySalon", "DaySpa", "HairSalon", "NailSalon", "TattooParlor", "HealthClub", "ExerciseGym",
    "SportsActivityLocation", "SportsClub", "BowlingAlley", "GolfCourse", "PublicSwimmingPool", "SkiResort",
    "TennisComplex", "StadiumOrArena", "EntertainmentBusiness", "AmusementPark", "ArtGallery", "Casino", "ComedyClub",
    "MovieTheater", "NightClub", "InternetCafe",
    # trades
    "Electrician", "GeneralContractor", "HVACBusiness", "HousePainter", "Locksmith", "MovingCompany", "Plumber",
    "RoofingContractor", "SelfStorage", "RecyclingCenter",
    # lodging
    "BedAndBreakfast", "Campground", "Hostel", "Hotel", "Motel", "Resort",
    # public offices and information
    "GovernmentOffice", "TouristInformationCenter", "EmergencyService", "FireStation", "PoliceStation",
    "Florist", "PawnShop"})
_HELP_TEXT = re.compile(r"\b(contact|help|support|customer service|customer services|faqs?|get in touch)\b", re.I)
HELP_TOUCHPOINTS = ("contact", "help", "faq")
CHROME_REGIONS = ("header", "nav", "footer")
MAX_EVIDENCE = 5

# ---------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------

A = Level.ACCESSIBILITY
GOVUK_CONTACT = "https://design-system.service.gov.uk/patterns/contact-a-department-or-service-team/"
RULES = [
    Rule("contact.phone", "A customer-service phone number is given", "No customer-service phone number is given",
         "Many customers, and most with urgent or complex problems, want to talk to a person. A premium-rate "
         f"number makes help costly. Guidance: {GOVUK_CONTACT}", A, Severity.MEDIUM,
         fix="Publish a customer-service number (free or geographic rate) on the contact page."),
    Rule("contact.email", "An e-mail address is given", "No e-mail address is given",
         "E-mail lets customers write when it suits them and keep a record of what was said.", A, Severity.MEDIUM,
         fix="Publish a customer-service e-mail address or a mailto link on the contact page."),
    Rule("contact.form", "A contact form is offered", "No contact form was found",
         "A form with a message box is a low-effort written channel that works without an e-mail client.",
         A, Severity.LOW, fix="Add a contact form with an e-mail field and a message box."),
    Rule("contact.chat", "A live-chat widget is present", "No live-chat widget is present",
         "Chat gives quick answers without a phone call. Widgets a tag manager loads cannot be seen by a "
         "static audit, so they are reported as unknown.", A, Severity.LOW,
         fix="Consider live chat for quick questions, with its hours stated."),
    Rule("contact.channels", "Customers can choose among at least three contact channels",
         "Customers have fewer than three contact channels",
         "Customers prefer different channels (phone, e-mail, form, chat, messaging, social, post, in person); "
         "offering several lets each use the one that suits them.", A, Severity.MEDIUM,
         fix="Offer at least three channels and list them together on the contact page."),
    Rule("contact.hours", "Opening hours for phone and chat are stated", "Opening hours for phone or chat are missing",
         "Customers need to know when someone will answer before they call; state the hours, the time zone "
         f"and holiday exceptions. Guidance: {GOVUK_CONTACT}", A, Severity.MEDIUM,
         fix="State the days and hours the phone lines (and chat) are open, with the time zone."),
    Rule("contact.response_time", "A response time is promised for written contact",
         "No response time is promised for e-mail or the contact form",
         "Saying how soon you reply (\"we reply within 1 working day\") sets expectations and cuts repeat "
         f"contacts. Guidance: {GOVUK_CONTACT}", A, Severity.LOW,
         fix="Say how soon you reply to e-mails and form messages."),
    Rule("contact.click_depth", "The contact page is within two clicks of the start page",
         "The contact page is more than two clicks from the start page",
         "Contact details buried deep in a site make customers give up or call in frustrated.", A, Severity.HIGH,
         fix="Link the contact page from the header or footer of every page."),
    Rule("contact.help_click_depth", "The help centre or FAQ is within two clicks of the start page",
         "The help centre or FAQ is more than two clicks from the start page",
         "Self-service only works if customers can find it quickly.", A, Severity.MEDIUM,
         fix="Link the help centre or FAQ from the header or footer of every page."),
    Rule("contact.link_every_page", "The page links to help or contact in its header, navigation or footer",
         "The page has no help or contact link in its header, navigation or footer",
         "WCAG 2.2 SC 3.2.6 Consistent Help: help mechanisms should be found in the same place on every page. "
         "https://www.w3.org/WAI/WCAG22/Understanding/consistent-help.html", A, Severity.MEDIUM,
         fix="Put a Contact or Help link in the site header or footer template."),
]
RULES += [
    Rule("contact.call_cost", "The cost of calling is stated next to paid phone numbers",
         "A phone number that is not free is given without saying what calls cost",
         "Customers hesitate to call a number when they cannot tell what it costs; GOV.UK's contact pattern "
         "puts \"Find out about call charges\" under every number. UK 03 numbers cost the same as a call to an "
         "01 or 02 number. Guidance: https://www.gov.uk/call-charges", A, Severity.LOW,
         fix="Say what calls cost next to the number (\"Calls cost the same as a call to an 01 or 02 number\", "
             "\"free from mobiles and landlines\", or the per-minute charge)."),
    Rule("contact.consistent_help", "Help and contact links sit in the same place on every page",
         "Help or contact links move around between pages",
         "WCAG 2.2 SC 3.2.6 Consistent Help (level A): when a help mechanism (contact details, a contact or help "
         "link, chat) repeats across pages, it must appear in the same order relative to the other repeated "
         "content, so people who rely on finding it by position can. "
         "https://www.w3.org/WAI/WCAG22/Understanding/consistent-help.html", A, Severity.MEDIUM,
         fix="Render the help or contact link from one shared header or footer template, in one position."),
]
_RULE = {rule.id: rule for rule in RULES}
#: Phrases that state what a call costs (or that it is free), in the languages the corpus covers.
CALL_COST = re.compile(
    r"\bcalls? (?:cost|charge)|\bcall charges\b|\bcost of (?:a |the |your )?calls?\b|"
    r"\bfree (?:to call|from (?:all |uk )?(?:mobiles?|landlines?))|\bfree ?phone\b|\btoll[- ]free\b|"
    r"\b(?:standard|local|national|international|network|mobile|geographic)(?: network| call)? rates?\b|"
    r"\brates apply\b|"
    r"\b0[12] number\b|\binclusive minutes\b|\bper min(?:ute)?\b|"
    r"\b\d+(?:\.\d+)?p (?:a|per) min|\baccess charge\b|\bnon surtaxé|\bappel gratuit|\bservice (?:et appel )?gratuit|"
    r"\bprix d'un appel local\b|\bfestnetz(?:preis|tarif)\b|\bct\.?/min\b|\bkostenlos|\bgebührenfrei|"
    r"\btarifa (?:local|nacional)\b|\bllamada gratuita\b|\bgratuito\b|\bgratis\b", re.I)
#: Phone kinds that cost the caller nothing, so no cost statement is needed.
FREE_KINDS = frozenset({"toll_free"})


@register("contact", title="Contact accessibility",
          description="Which contact channels are offered, when they are open, how fast replies come and how "
                      "easily the contact page and help centre are found.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    facts = collect(site)
    pages = [page for page in site.pages if page.status == 200]
    phones = [p for p in facts.phones if p.purpose not in NON_SERVICE_PURPOSES]
    service_emails = [e for e in facts.emails if e.purpose not in NON_SERVICE_PURPOSES]
    forms = contact_forms(pages)
    chat_status, chat_rows = chat_widgets(pages)
    channels = _channels(site, phones, service_emails, forms, chat_status)
    yield _phone(phones, facts.phones)
    yield _email(service_emails, facts.emails)
    yield _form(forms)
    yield _chat(chat_status, chat_rows)
    yield _channels_finding(channels)
    yield _hours(facts, phones, chat_status, _hours_unread_languages(site))
    yield _response_time(facts, service_emails, forms)
    yield _depth("contact.click_depth", site, ("contact",), "contact page")
    yield _depth("contact.help_click_depth", site, ("help", "faq"), "help centre or FAQ")
    yield from _link_every_page(site, pages)
    yield _call_cost(site, phones)
    yield _consistent_help(site, pages)


# ---------------------------------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------------------------------


def _phone_row(fact: PhoneFact) -> dict[str, Any]:
    return {"number": fact.number, "display": fact.display, "kind": fact.kind, "purpose": fact.purpose,
            "url": fact.url, "source": fact.source}


def _unique_phones(phones: list[PhoneFact]) -> list[PhoneFact]:
    return first_by(phones, lambda f: f.number)


def _phone(service: list[PhoneFact], every: list[PhoneFact]) -> Finding:
    rule = _RULE["contact.phone"]
    data = {"phones": [_phone_row(f) for f in _unique_phones(every)]}
    if not service:
        extra = " (only press, fax or other non-service numbers)" if every else ""
        return rule.finding(Status.FAIL, f"No customer-service phone number was found{extra}.",
                            location="site", data=data)
    unique = _unique_phones(service)
    evidence = [Evidence(url=f.url, snippet=f.context, measured=f"{f.display} ({f.kind.replace('_', '-')})")
                for f in unique[:MAX_EVIDENCE]]
    premium = [f for f in unique if f.kind == "premium"]
    if premium:
        return rule.finding(Status.FAIL, f"The customer-service number {premium[0].display} is premium-rate: "
                            "costly to call.", location="site", evidence=evidence, severity=Severity.HIGH,
                            fix="Replace the premium-rate number with a free or geographic-rate number.", data=data)
    free = " (toll-free)" if any(f.kind == "toll_free" for f in unique) else ""
    return rule.finding(Status.PASS, f"{len(unique)} customer-service phone number(s) found{free}.",
                        location="site", evidence=evidence, data=data)


def _email_row(fact: EmailFact) -> dict[str, Any]:
    return {"address": fact.address, "purpose": fact.purpose, "url": fact.url, "source": fact.source}


def _email(service: list[EmailFact], every: list[EmailFact]) -> Finding:
    rule = _RULE["contact.email"]
    unique_every = first_by(every, lambda f: f.address)
    data = {"emails": [_email_row(f) for f in unique_every]}
    unique = first_by(service, lambda f: f.address)
    if unique:
        return rule.finding(Status.PASS, f"{len(unique)} e-mail address(es) found.", location="site", data=data,
                            evidence=[Evidence(url=f.url, snippet=f.context, measured=f.address)
                                      for f in unique[:MAX_EVIDENCE]])
    if unique_every:
        return rule.finding(Status.NEEDS_REVIEW, "Only press, privacy or job addresses were found; check whether "
                            "customers can write to customer service.", location="site", data=data,
                            evidence=[Evidence(url=f.url, snippet=f.context, measured=f.address)
                                      for f in unique_every[:MAX_EVIDENCE]])
    return rule.finding(Status.FAIL, "No e-mail address or mailto link was found.", location="site", data=data)


def is_contact_form(form: Form) -> bool:
    """A form a customer can write a message in and be answered: a message box plus an e-mail (or phone)
    field, and not a search or newsletter form."""
    if form.is_search:
        return False
    message = any(f.tag == "textarea" or _MESSAGE_FIELD.search(f"{f.name} {f.label}") for f in form.fields)
    reply = any(f.type in ("email", "tel") or _EMAIL_FIELD.search(f"{f.name} {f.label}") for f in form.fields)
    has_textarea = any(f.tag == "textarea" for f in form.fields)
    if _NEWSLETTER.search(form.text) and not has_textarea:
        return False
    return message and reply


def embedded_contact_form(page: Page) -> Form | None:
    """A form builder's contact form the page embeds (:data:`FORM_BUILDERS`) where its own words call it a
    contact form, as a field-less :class:`Form` whose action is the embed and whose text names the builder."""
    sources = [s.src or s.excerpt for s in page.scripts] + page.iframes
    joined = "\n".join(sources)
    vendor = next((name for name, signature in FORM_BUILDERS if signature in joined), None)
    if vendor is None or not (_CONTACT_FORM_WORDS.search(page.main_text)
                              or any(_CONTACT_FORM_WORDS.search(h.text) for h in page.headings)):
        return None
    signature = next(sig for name, sig in FORM_BUILDERS if name == vendor and sig in joined)
    action = next((src for src in sources if signature in src and src.startswith("http")), "")
    return Form(action=action, method="", role="embedded", text=vendor)


def _page_contact_forms(page: Page) -> list[Form]:
    forms = [form for form in page.forms if is_contact_form(form)]
    embedded = None if forms else embedded_contact_form(page)
    return [embedded] if embedded is not None else forms


def contact_forms(pages: list[Page]) -> list[tuple[Page, Form]]:
    """Contact forms (written in the page or embedded from a form builder), those on contact pages first."""
    found = [(page, form) for page in pages for form in _page_contact_forms(page)]
    return sorted(found, key=lambda pf: pf[0].touchpoint != "contact")


def _form(forms: list[tuple[Page, Form]]) -> Finding:
    rule = _RULE["contact.form"]
    data = {"forms": [{"url": page.url, "action": form.action, "fields": [f.name or f.type for f in form.fields]}
                      for page, form in forms[:MAX_EVIDENCE]]}
    if not forms:
        return rule.finding(Status.FAIL, "No contact form (a message box with an e-mail field) was found.",
                            location="site", data=data)
    evidence = [Evidence(url=page.url, snippet=form.text[:200] or None,
                         measured=", ".join(f.name or f.type for f in form.fields) or form.text)
                for page, form in forms[:MAX_EVIDENCE]]
    return rule.finding(Status.PASS, f"Contact form found on {forms[0][0].url}.", location="site",
                        evidence=evidence, data=data)


def chat_widgets(pages: list[Page]) -> tuple[Status, list[dict[str, str]]]:
    """Chat status of the site and the scripts behind it: pass (a known widget), needs_review (a script
    that may carry chat), unknown (a tag manager, which may load one) or not_applicable (none seen)."""
    rows: list[dict[str, str]] = []
    managers: list[dict[str, str]] = []
    for page in pages:
        # one string to look in (no signature spans a line break): some sixty signatures are tried per page
        sources = "\n".join([s.src or "" for s in page.scripts] + [s.excerpt for s in page.scripts if s.excerpt]
                             + page.iframes)
        for vendor, signature, certainty in CHAT_WIDGETS:
            if signature in sources and all(r["vendor"] != vendor for r in rows):
                rows.append({"vendor": vendor, "signature": signature, "certainty": certainty, "url": page.url})
        for vendor, signature in TAG_MANAGERS:
            if signature in sources and all(r["vendor"] != vendor for r in managers):
                managers.append({"vendor": vendor, "signature": signature, "certainty": "tag_manager",
                                 "url": page.url})
    if any(r["certainty"] == "chat" for r in rows):
        return Status.PASS, rows
    if rows:
        return Status.NEEDS_REVIEW, rows
    if managers:
        return Status.UNKNOWN, managers
    return Status.NOT_APPLICABLE, []


def _chat(status: Status, rows: list[dict[str, str]]) -> Finding:
    rule = _RULE["contact.chat"]
    evidence = [Evidence(url=r["url"], snippet=r["signature"], measured=r["vendor"]) for r in rows[:MAX_EVIDENCE]]
    messages = {
        Status.PASS: "Live chat found: " + ", ".join(r["vendor"] for r in rows if r["certainty"] == "chat") + ".",
        Status.NEEDS_REVIEW: "A script that can carry chat was found (" + ", ".join(r["vendor"] for r in rows)
                             + "); check whether chat is switched on.",
        Status.UNKNOWN: "A tag manager may load a chat widget; a static audit cannot tell ("
                        + ", ".join(r["vendor"] for r in rows) + ").",
        Status.NOT_APPLICABLE: "No chat widget found.",
    }
    return rule.finding(status, messages[status], location="site", evidence=evidence, data={"chat": rows})


def _host_network(url: str, table: list[tuple[str, str]]) -> str | None:
    host = (urlsplit(url).hostname or "").lower()
    for key, name in table:
        if host == key or host.endswith("." + key) or ("." not in key and key in host.split(".")):
            return name
    return None


@dataclass
class Channel:
    """One way to reach the business, as one page offers it.

    ``value`` identifies the channel within its type: an E.164 number, an e-mail address, a chat vendor
    ("possible:<vendor>" for scripts that may carry chat, "unknown" behind a tag manager), a messaging app,
    a social network, a postcode; "contact form" and "in person" for those channels.
    """

    type: str
    value: str
    url: str
    detail: str = ""


def _postcode(value: str) -> str:
    return " ".join(value.upper().split())


def _postal_regions(page: Page) -> set[str]:
    """Countries whose own postcode formats are read on this page: its language tag's region and language
    (sv → SE, nb → NO) and the region it declares (:func:`checks.facts.declared_region`; the British or
    American guess for a page that declares none has no postcode format of its own here)."""
    parts = (page.lang or "").replace("_", "-").split("-")
    found = {LANGUAGE_REGIONS.get(parts[0].lower(), "")} | {declared_region(page) or ""}
    if len(parts) > 1:
        found.add(parts[1].upper())
    return found - {""}


def _is_numbered_thing(text: str, start: int, end: int) -> bool:
    """Whether the digits from ``start`` to ``end`` are a PO box's number (another code follows its town) or a
    labelled identifier (a licence, a registry number) rather than a postcode."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    if _POSTCODE_ONLY_BOX.search(before):
        return bool(_CODE_AFTER_TOWN.match(text, end))
    return bool(_BOX_NUMBER_BEFORE.search(before)) or is_identifier_label(before)


def _quoted_address(window: str) -> bool:
    """Whether the text before a postcode opens a bracket it does not close, as an example or a listing's address
    (:data:`_EXAMPLE_OPENING`, :data:`_LISTING_BEFORE`): not the business's own."""
    opening = window.rfind("(")
    if opening < 0 or ")" in window[opening:]:
        return False
    return bool(_EXAMPLE_OPENING.match(window, opening + 1) or _LISTING_BEFORE.search(window[:opening]))


def postal_addresses(page: Page, regions: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(postcode, snippet) of the business's postal addresses: schema.org PostalAddress data, and
    postcodes in the text that follow an address word, a street or a "name, house number" line and are not
    a delivery address (four-digit codes only where the address around them is evident). ``regions`` adds
    countries whose postcode formats are read (the countries of the page's own international phone numbers)."""
    found: dict[str, str] = {}
    for node in structured_nodes(page.structured_data):
        if "PostalAddress" in node_types(node) and node.get("postalCode"):
            found.setdefault(_postcode(str(node["postalCode"])), str(node.get("streetAddress") or node["postalCode"]))
    text = visible_text(page)
    regional = [REGIONAL_POSTCODES[code] for code in _postal_regions(page) | set(regions) if code in REGIONAL_POSTCODES]
    matches = [m for pattern in (*POSTCODES, _SINGAPORE, *regional) for m in pattern.finditer(text)
               if not _is_numbered_thing(text, m.start(1), m.end(1))]
    boxed = (_FOUR_DIGIT_AFTER_BOX, _BOX_DASH_CODE) if _ENGLISH_BOX.search(text.lower()) else ()
    strict = [m for pattern in (*_FOUR_DIGIT_BEFORE_TOWN, _FOUR_DIGIT_AFTER_TOWN, *boxed)
              for m in pattern.finditer(text)
              if not any(m.start(1) < other.end(1) and other.start(1) < m.end(1) for other in matches)
              and not _is_numbered_thing(text, m.start(1), m.end(1))]
    previous_end = 0
    for match in sorted([*matches, *strict], key=lambda m: m.start()):
        # the words before this postcode, not reaching back into the previous address
        window = text[max(previous_end, match.start() - POSTAL_WINDOW):match.start()]
        numbered = bool(_HOUSE_NUMBER_END.search(window))
        if match.re in boxed:
            evident = True
        elif match.re in _BEFORE_TOWN_PATTERNS:
            # a country prefix ("L-1234", "CH-8001") on a line with a street or an address word is an address too
            numbered = numbered and not _MONTH_DAY_END.search(window)
            evident = numbered or bool(_POSTCODE_ONLY_BOX.search(window) or _NUMBER_THEN_STREET.search(window)) or (
                match.group(0)[0].isalpha() and bool(_ADDRESS_WORDS.search(window) or _STREET.search(window.lower())))
        elif match.re is _FOUR_DIGIT_AFTER_TOWN:
            evident = bool(_STREET.search(window.lower()))
        else:
            evident = bool(_ADDRESS_WORDS.search(window) or _STREET.search(window.lower()) or numbered
                           or _HOUSE_NUMBER_START.search(window))
        if match.start() >= previous_end and (evident or match in matches):  # a mere number ends no address
            previous_end = match.end()
        sentence = _SENTENCE_END.split(window)[-1]
        if (not evident or _CUSTOMER_ADDRESS.search(window) or _OTHER_ORGANISATION.search(sentence)
                or _quoted_address(window)):
            continue
        code = _postcode(match.group(1))
        prefix = match.group(0)[:match.start(1) - match.start()]
        code = prefix + code if prefix in POSTCODE_PREFIXES else code
        found.setdefault(code, " ".join(text[max(0, match.start() - 60):match.end() + 20].split()))
    return list(found.items())


def _in_person(page: Page) -> str | None:
    """Why the page offers a visit (a store locator link, a store's structured data), or None."""
    for node in structured_nodes(page.structured_data):
        types = set(node_types(node))
        if (types & LOCAL_BUSINESS_TYPES or any(t.endswith("Store") for t in types)) and (
                _street_address(node.get("address")) or node.get("openingHours")
                or node.get("openingHoursSpecification")):
            return f"{sorted(types)[0]}: {node.get('name') or ''}".strip(": ")
    for link in page.links:
        if _invites_visit(link.text):
            return link.text
    found = _invitation(page.main_text)
    if found is None:
        # the main-text extractor may drop a short block (an address column beside the phone numbers) but its
        # heading ("Visit us", "Getting here") is still a heading: read those, one a line, but not the header's,
        # navigation's, footer's or aside's (an online shop's footer "Find us" above its social links)
        chrome = page.region_text.values()
        found = _invitation("\n".join(h.text for h in page.headings if not any(h.text in text for text in chrome)))
    return found


def _street_address(address: Any) -> bool:
    """Whether a structured-data address pins down a place to walk to (a street or a postcode): a service-area
    business (a plumber, a mobile mechanic) gives only its town ("addressLocality": "Whangārei") because it comes
    to the customer."""
    if isinstance(address, list):
        return any(_street_address(a) for a in address)
    if isinstance(address, dict):
        return any(str(address.get(key) or "").strip() for key in ("streetAddress", "postalCode"))
    return bool(re.search(r"[\d,]", str(address or "")))


def _invitation(text: str) -> str | None:
    """The first invitation to visit in ``text`` that no negation in its own clause takes back ("we don't have
    a showroom and can't offer click & collect")."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # lower() lengthens a few letters ("İ")
    for match in _INVITATION.finditer(lowered):
        clause = _CLAUSE_BREAK.split(lowered[max(0, match.start() - NEGATION_REACH):match.start()])[-1]
        if _NEGATION_BEFORE.search(clause):
            continue
        return text[match.start():match.end()] if same_length else match.group(0)
    return None


@lru_cache(maxsize=16384)
def _invites_visit(text: str) -> bool:
    """Whether a link text invites a visit, once per distinct text: the header and footer repeat theirs on
    every page."""
    return bool(_INVITATION.search(text.lower()))


def _chat_channels(page: Page) -> list[Channel]:
    status, rows = chat_widgets([page])
    if status is Status.PASS:
        return [Channel("chat", r["vendor"], page.url, r["signature"]) for r in rows if r["certainty"] == "chat"]
    if status is Status.NEEDS_REVIEW:
        return [Channel("chat", f"possible:{r['vendor']}", page.url, r["signature"]) for r in rows]
    if status is Status.UNKNOWN:
        return [Channel("chat", "unknown", page.url, ", ".join(r["vendor"] for r in rows))]
    return []


def _whatsapp_share(url: str) -> bool:
    """A WhatsApp link that only pre-fills a message to a contact the customer picks (wa.me/?text=…,
    api.whatsapp.com/send?text=… without a phone): a share button, not the company's number."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    if (parts.hostname or "").lower().endswith("wa.me"):
        return not path
    return path in ("send", "") and not re.search(r"(?:^|&)phone=\+?\d", parts.query)


@lru_cache(maxsize=16384)
def link_channel(url: str) -> tuple[str, str] | None:
    """("messaging", app) or ("social", network) for a link to the company on a messaging app or a social
    network; None for share buttons, links to single posts or videos, and other links. Cached per distinct
    URL: the header and footer repeat their links on every page."""
    host = (urlsplit(url).hostname or "").lower()
    app = _host_network(url, MESSAGING_APPS)
    if app:
        if _SHARE_PATH.search(url) or (app == "WhatsApp" and _whatsapp_share(url)):
            return None
        return "messaging", app
    if _SHARE_PATH.search(url) or host in _CONTENT_HOSTS or _CONTENT_PATH.search(urlsplit(url).path):
        return None
    network = _host_network(url, SOCIAL_NETWORKS)
    return ("social", network) if network else None


def page_channels(page: Page, region: str | None = None, *, phones: list[PhoneFact] | None = None,
                  addresses: list[EmailFact] | None = None) -> list[Channel]:
    """Every contact channel one page offers, one entry per distinct (type, value). Fax numbers are not
    a channel; share buttons and links to single posts are not a social presence, but the business's
    structured-data ``sameAs`` profiles are; a customer's delivery address is not postal. ``phones`` and
    ``addresses``, when given, are the page's phone numbers (in ``region``) and e-mail addresses already
    extracted, so a site-wide caller does not extract them again."""
    if phones is None:
        phones = phone_numbers(page, region or page_region(page))
    found: list[Channel] = []
    for phone in phones:
        if phone.purpose != "fax":
            found.append(Channel("phone", phone.number, page.url, phone.context))
        if re.search(r"\bwhats\s?app\b", phone.context[:CONTEXT_CHARS + 10], re.I):
            found.append(Channel("messaging", "WhatsApp", page.url, phone.context))
    found.extend(Channel("email", e.address, page.url, e.context)
                 for e in (emails(page) if addresses is None else addresses))
    form = next(iter(_page_contact_forms(page)), None)
    if form is not None:
        found.append(Channel("form", "contact form", page.url, form.action))
    found.extend(_chat_channels(page))
    profiles = [str(url) for node in structured_nodes(page.structured_data) if is_business_node(node)
                for url in (node.get("sameAs") if isinstance(node.get("sameAs"), list) else [node.get("sameAs")])
                if isinstance(url, str)]
    for url in [link.url for link in page.links] + profiles:
        if url.lower().startswith("sms:"):
            found.append(Channel("messaging", "SMS", page.url, url))
        elif url.startswith(("http://", "https://")):
            kind, name = link_channel(url) or ("", "")
            if kind:
                found.append(Channel(kind, name, page.url, url))
    phone_regions = {phonenumbers.region_code_for_number(phonenumbers.parse(phone.number)) for phone in phones
                     if phone.number.startswith("+")}
    found.extend(Channel("postal", code, page.url, snippet)
                 for code, snippet in postal_addresses(page, phone_regions - {None, "ZZ"}))
    visit = _in_person(page)
    if visit:
        found.append(Channel("in_person", "in person", page.url, visit))
    return first_by(found, lambda c: (c.type, c.value))


def site_channels(site: Site) -> list[dict[str, Any]]:
    """The site's contact channels for ``facts.contact_channels``: {type, value, urls}, in channel order,
    with the pages offering each (contact and help pages first, as :func:`checks.facts.collect` orders).
    Worked out once per site (the contact check and the facts section both read it): treat as read-only."""
    return site.derived("contact.site_channels", _site_channels)


@per_page("contact.page_channels")
def site_page_channels(site: Site, page: Page) -> list[Channel]:
    """:func:`page_channels` of a page of ``site``, from the page facts (:func:`checks.facts.page_facts`)."""
    facts = page_facts(site, page)
    return page_channels(page, phones=facts.phones, addresses=facts.emails)


def _site_channels(site: Site) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for page in site.pages:
        if page.status != 200:
            continue
        for channel in site_page_channels(site, page):  # one per (type, value): each page joins a row once
            row = rows.setdefault((channel.type, channel.value), {"type": channel.type, "value": channel.value,
                                                                   "urls": []})
            row["urls"].append(page.url)
    return sorted(rows.values(), key=lambda r: CHANNELS.index(r["type"]))


def _channels(site: Site, phones: list[PhoneFact], emails_found: list[EmailFact],
              forms: list[tuple[Page, Form]], chat_status: Status) -> dict[str, str]:
    """Channel → URL of the first page offering it. Phone and e-mail count only for customer service; chat
    only when a widget is certain."""
    found: dict[str, str] = {}
    if phones:
        found["phone"] = phones[0].url
    if emails_found:
        found["email"] = emails_found[0].url
    if forms:
        found["form"] = forms[0][0].url
    for row in site_channels(site):
        if row["type"] in ("phone", "email", "form"):
            continue
        if row["type"] == "chat" and (chat_status is not Status.PASS or row["value"].startswith("possible:")
                                      or row["value"] == "unknown"):
            continue
        found.setdefault(row["type"], row["urls"][0])
    return {channel: found[channel] for channel in CHANNELS if channel in found}


def _channels_finding(channels: dict[str, str]) -> Finding:
    rule = _RULE["contact.channels"]
    count = len(channels)
    names = ", ".join(c.replace("_", " ") for c in channels) or "none"
    status = Status.PASS if count >= TARGET_CHANNELS else Status.FAIL
    return rule.finding(status, f"{count} contact channel(s) found: {names}.", location="site",
                        score=min(1.0, count / TARGET_CHANNELS),
                        evidence=[Evidence(url=url, measured=channel) for channel, url in channels.items()],
                        data={"channels": list(channels)})


# ---------------------------------------------------------------------------------------------------
# Hours and response times
# ---------------------------------------------------------------------------------------------------


def _hours_unread_languages(site: Site) -> list[str]:
    """Languages of the site's pages that the hours reader has no vocabulary for (see HOURS_LANGUAGES)."""
    return sorted({lang_root(page.lang) or "en" for page in site.pages
                   if page.status == 200 and not hours_language_supported(page.lang or "en")})


def _hours(facts: SiteFacts, phones: list[PhoneFact], chat_status: Status, unread: list[str]) -> Finding:
    rule = _RULE["contact.hours"]
    data: dict[str, Any] = {"hours": [asdict(h) for h in facts.hours[:20]]}
    if not phones and chat_status is not Status.PASS:
        return rule.finding(Status.NOT_APPLICABLE, "No phone number or chat, so no opening hours are needed.",
                            location="site", data=data)
    if not facts.hours and unread:  # hours written in a language we cannot read are not absent hours
        return rule.finding(Status.NEEDS_REVIEW, f"Opening hours not assessed: page language {', '.join(unread)} "
                            "not supported by this check; check by hand whether hours are stated.",
                            location="site", data={**data, "unsupported_languages": unread})
    if not facts.hours:
        return rule.finding(Status.FAIL, "A phone number or chat is offered but no opening hours are stated.",
                            location="site", data=data)
    unique = first_by(facts.hours, lambda h: h.text)
    evidence = [Evidence(url=h.url, snippet=h.context or h.text, measured=h.text) for h in unique[:MAX_EVIDENCE]]
    zone = next((h.timezone for h in facts.hours if h.timezone), None)
    always = any(h.opens == "00:00" and h.closes == "24:00" and len(h.days) == 7 for h in facts.hours)
    note = f" (time zone: {zone})" if zone else ""
    if not zone and not always:
        note = " (no time zone stated)"
    return rule.finding(Status.PASS, f"Opening hours are stated{note}.", location="site",
                        evidence=evidence, data=data)


def _quantity(fact: Fact) -> str:
    unit = fact.unit[:-1] if fact.value == 1 and fact.unit.endswith("s") else fact.unit
    return f"{fact.value} {unit}"


def _response_time(facts: SiteFacts, emails: list[EmailFact], forms: list[tuple[Page, Form]]) -> Finding:
    rule = _RULE["contact.response_time"]
    data = {"response_times": [asdict(f) for f in facts.response_times[:20]]}
    if not emails and not forms:
        return rule.finding(Status.NOT_APPLICABLE, "No e-mail address or contact form, so no response time is "
                            "needed.", location="site", data=data)
    if not facts.response_times:
        return rule.finding(Status.FAIL, "No response time is promised for e-mail or form messages.",
                            location="site", data=data)
    evidence = [Evidence(url=f.url, snippet=f.text, measured=_quantity(f)) for f in facts.response_times[:MAX_EVIDENCE]]
    return rule.finding(Status.PASS, f"A response time is promised ({_quantity(facts.response_times[0])}).",
                        location="site", evidence=evidence, data=data)


# ---------------------------------------------------------------------------------------------------
# Findability
# ---------------------------------------------------------------------------------------------------


def _depth(rule_id: str, site: Site, touchpoints: tuple[str, ...], what: str) -> Finding:
    rule = _RULE[rule_id]
    candidates = [p for p in site.by_touchpoint(*touchpoints) if p.status == 200]
    if not candidates:
        return rule.finding(Status.FAIL, f"No {what} was found.", location="site",
                            data={"clicks": None, "url": None})
    depths = site.click_depth
    # Prefer the reachable page nearest the start, then the index-like one (shortest path).
    best = min(candidates, key=lambda p: (depths.get(p.url, 10**6), len(urlsplit(p.url).path), p.url))
    clicks = depths.get(best.url)
    data = {"clicks": clicks, "url": best.url}
    if clicks is None:
        return rule.finding(Status.FAIL, f"The {what} ({best.url}) cannot be reached by following links from the "
                            "start page.", location="site", url=best.url, data=data,
                            evidence=[Evidence(url=best.url, measured="unreachable", target=f"≤ {MAX_CLICKS}")])
    evidence = [Evidence(url=best.url, measured=clicks, target=f"≤ {MAX_CLICKS}")]
    if clicks <= MAX_CLICKS:
        return rule.finding(Status.PASS, f"The {what} is {clicks} click(s) from the start page.", location="site",
                            url=best.url, evidence=evidence, data=data)
    return rule.finding(Status.FAIL, f"The {what} is {clicks} clicks from the start page.", location="site",
                        url=best.url, score=1 / (clicks - 1), evidence=evidence, data=data)


def help_link(site: Site, page: Page) -> dict[str, str] | None:
    """The first link in the page's header, navigation or footer that leads to contact or help."""
    for link in page.links:
        if link.region not in CHROME_REGIONS:
            continue
        target = site.by_url.get(link.url)
        if (target is not None and target.touchpoint in HELP_TOUCHPOINTS) or _HELP_TEXT.search(link.text):
            return {"url": link.url, "text": link.text, "region": link.region}
    return None


def _link_every_page(site: Site, pages: list[Page]) -> Iterator[Finding]:
    rule = _RULE["contact.link_every_page"]
    for page in pages:
        link = help_link(site, page)
        if link:
            yield rule.finding(Status.PASS, f"“{link['text']}” link in the {link['region']}.", location=page.url,
                               url=page.url, data={"link": link},
                               evidence=[Evidence(url=page.url, snippet=link["text"], measured=link["url"])])
        else:
            yield rule.finding(Status.FAIL, "No contact or help link in the header, navigation or footer.",
                               location=page.url, url=page.url, data={"link": None},
                               evidence=[Evidence(url=page.url)])


# ---------------------------------------------------------------------------------------------------
# Call cost
# ---------------------------------------------------------------------------------------------------


def states_call_cost(page: Page, display: str = "") -> str | None:
    """The words that state what calling costs: next to the number as displayed when it can be placed
    (a statement about another number on the page is not about this one), else anywhere on the page."""
    text = visible_text(page)
    at = text.find(display) if display else -1
    windows = [text[at:at + len(display) + 200], text[max(0, at - 150):at]] if at >= 0 else [text]
    match = next((m for m in map(CALL_COST.search, windows) if m), None)
    return match.group(0) if match else None


def _call_cost(site: Site, phones: list[PhoneFact]) -> Finding:
    rule = _RULE["contact.call_cost"]
    paid = first_by([p for p in phones if p.kind not in FREE_KINDS], lambda p: (p.number, p.url))
    if not paid:
        return rule.finding(Status.NOT_APPLICABLE, "Every customer-service number is free to call, or none is "
                            "given.", location="site", data={"numbers": []})
    rows: list[dict[str, Any]] = []
    for fact in paid:
        page = site.by_url.get(fact.url)
        stated = states_call_cost(page, fact.display) if page is not None else None
        rows.append({"number": fact.number, "display": fact.display, "kind": fact.kind, "url": fact.url,
                     "statement": stated})
    rows = first_by(sorted(rows, key=lambda r: r["statement"] is None), lambda r: r["number"])
    missing = [r for r in rows if r["statement"] is None]
    evidence = [Evidence(url=r["url"], snippet=r["statement"],
                         measured=f"{r['display']} ({r['kind'].replace('_', '-')})",
                         target="call cost stated") for r in (missing or rows)[:MAX_EVIDENCE]]
    if missing:
        note = " UK 03 numbers are geographic-rate: say they cost the same as an 01 or 02 number." if any(
            r["kind"] == "geographic_rate" for r in missing) else ""
        names = ", ".join(r["display"] for r in missing[:MAX_EVIDENCE])
        return rule.finding(Status.FAIL, f"No call cost is stated for {names}.{note}", location="site",
                            score=1 - len(missing) / len(rows), evidence=evidence, data={"numbers": rows})
    return rule.finding(Status.PASS, f"The cost of calling is stated for all {len(rows)} paid number(s).",
                        location="site", evidence=evidence, data={"numbers": rows})


# ---------------------------------------------------------------------------------------------------
# Consistent help (WCAG 2.2 SC 3.2.6)
# ---------------------------------------------------------------------------------------------------

#: Below this share of shared links, two pages' regions come from different templates.
SAME_TEMPLATE = 0.5


def _is_help_link(site: Site, link: Link) -> bool:
    if link.url.lower().startswith(("tel:", "mailto:")):
        return True
    target = site.by_url.get(link.url)
    return (target is not None and target.touchpoint in HELP_TOUCHPOINTS) or bool(_HELP_TEXT.search(link.text))


@dataclass(frozen=True)
class Placement:
    """Where a page's first help link sits: its region, its rank among the region's links shared with
    every other page, and those shared links (for the evidence)."""

    region: str
    rank: int
    total: int
    text: str


def _region_links(page: Page) -> dict[str, list[Link]]:
    regions: dict[str, list[Link]] = {}
    seen: set[tuple[str, str]] = set()
    for link in page.links:
        if link.region in CHROME_REGIONS and (link.region, link.url) not in seen:
            seen.add((link.region, link.url))
            regions.setdefault(link.region, []).append(link)
    return regions


def _help_region(is_help: Callable[[Link], bool], regions: dict[str, list[Link]]) -> str | None:
    return next((r for r in CHROME_REGIONS if any(map(is_help, regions.get(r, [])))), None)


def _jaccard(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first | second else 0.0


def _placements(site: Site, pages: list[Page]) -> tuple[dict[str, Placement], list[str]]:
    """Placements of the help link on pages sharing the most common chrome template, and the URLs of
    pages with a help link whose chrome is another template (their positions cannot be compared)."""
    regions = {page.url: _region_links(page) for page in pages}
    known: dict[tuple[str, str], bool] = {}  # the chrome repeats its links on every page: judge each once

    def is_help(link: Link) -> bool:
        key = (link.url, link.text)
        if key not in known:
            known[key] = _is_help_link(site, link)
        return known[key]

    help_region = {url: r for url, links in regions.items() if (r := _help_region(is_help, links))}
    if not help_region:
        return {}, []
    modal_region = max(CHROME_REGIONS, key=lambda r: sum(1 for v in help_region.values() if v == r))
    signatures = [frozenset(x.url for x in links.get(modal_region, [])) for url, links in regions.items()
                  if url in help_region]
    tally = Counter(signatures)
    reference = max(tally, key=lambda sig: (tally[sig], sorted(sig)))
    same = [url for url in help_region
            if _jaccard({x.url for x in regions[url].get(modal_region, [])}, set(reference)) >= SAME_TEMPLATE]
    other = [url for url in help_region if url not in same]
    common: dict[str, set[str]] = {}
    for region in CHROME_REGIONS:
        sets = [{x.url for x in regions[url].get(region, [])} for url in same if region in regions[url]]
        common[region] = set.intersection(*sets) if sets else set()
    found: dict[str, Placement] = {}
    for url in same:
        region = help_region[url]
        links = regions[url][region]
        first = next(x for x in links if is_help(x))
        order = [x.url for x in links if x.url in common[region] or x.url == first.url]
        found[url] = Placement(region, order.index(first.url) + 1, len(order), first.text or first.url)
    return found, other


def _consistent_help(site: Site, pages: list[Page]) -> Finding:
    rule = _RULE["contact.consistent_help"]
    placements, other_template = _placements(site, pages)
    if len(placements) + len(other_template) < 2 or not placements:
        return rule.finding(Status.NOT_APPLICABLE, "Fewer than two pages carry a help or contact link in their "
                            "header, navigation or footer.", location="site", data={"placements": {}})
    counts: dict[tuple[str, int], int] = {}
    for placement in placements.values():
        counts[(placement.region, placement.rank)] = counts.get((placement.region, placement.rank), 0) + 1
    region, rank = max(counts, key=lambda k: (counts[k], k[0] == "header", -k[1]))
    reference_url = next(url for url, p in placements.items() if (p.region, p.rank) == (region, rank))
    data = {"reference": {"region": region, "rank": rank, "pages": counts[(region, rank)]},
            "placements": {url: {"region": p.region, "rank": p.rank, "of": p.total, "text": p.text}
                           for url, p in placements.items()},
            "other_template": other_template}
    moved = [(url, p) for url, p in placements.items() if (p.region, p.rank) != (region, rank)]
    target = f"{region} link {rank} (as on {counts[(region, rank)]} page(s))"
    if moved:
        rows = [Evidence(url=url, snippet=p.text, measured=f"{p.region} link {p.rank} of {p.total}", target=target)
                for url, p in moved[:MAX_EVIDENCE]]
        return rule.finding(Status.FAIL, f"The help link is in a different position on {len(moved)} page(s) "
                            f"({', '.join(u for u, _ in moved[:3])}) than on the others ({target}).",
                            location="site", score=1 - len(moved) / len(placements), evidence=rows, data=data)
    if other_template:
        rows = [Evidence(url=url, measured="different header/footer template", target=target)
                for url in other_template[:MAX_EVIDENCE]]
        return rule.finding(Status.NEEDS_REVIEW, f"{len(other_template)} page(s) use a different header or footer "
                            "template, so their help link cannot be compared by position; check it is easy to "
                            "find there.", location="site", evidence=rows, data=data)
    return rule.finding(Status.PASS, f"The help link is in the same place ({target}) on all "
                        f"{len(placements)} pages.", location="site",
                        evidence=[Evidence(url=reference_url, snippet=placements[reference_url].text,
                                           measured=target)], data=data)
