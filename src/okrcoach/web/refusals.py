"""The services' refusals in the reader's language.

Services explain a refusal in English, for API clients and logs alike ("objective 12 does not
exist"). A page shows it in the reader's language: each pattern below matches one kind of refusal
and names an English message id with its parts as ``%(name)s``; the zh catalog translates that id
like any label (``locale/zh/LC_MESSAGES/messages.po``). Parts named ``noun`` or ``why`` are
translated too. A refusal no pattern knows is shown as the service wrote it: never hidden.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_ENTITY = r"(?P<noun>objective|unit|key result|person|cycle|comment)"
_WHO_MAY = r"only its managers \(or those above\) and admins may"

PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), msgid) for p, msgid in [
    (rf"{_ENTITY} (?P<id>\d+) does not exist", "%(noun)s %(id)s does not exist"),
    (r"you may not change objective (?P<id>\d+): .*", "You may not change objective %(id)s: only its owner, "
     "the managers of its unit and admins may"),
    (r"you may not change the status of objective (?P<id>\d+): .*", "You may not change the status of objective "
     "%(id)s: only its owner, the managers of its unit and admins may"),
    (r"you may not approve objective (?P<id>\d+): .*", "You may not approve objective %(id)s: a manager above "
     "its unit who does not own it, or an admin, approves"),
    (r"you may not check in on key result (?P<id>\d+): .*", "You may not check in on key result %(id)s: only "
     "its owner, the objective's owner, the managers of its unit and admins may"),
    (r"you may not create this objective in (?P<unit>.+?): .*", "You may not create this objective in %(unit)s"),
    (r"objective (?P<id>\d+) has (?P<n>\d+) error-level finding\(s\) from the checker \((?P<rules>[^)]*)\); .*",
     "Objective %(id)s has %(n)s error-level finding(s) from the coach (%(rules)s): fix them before "
     "submitting it"),
    (r"objective (?P<id>\d+) does not take check-ins because (?P<why>.+)",
     "Objective %(id)s does not take check-ins: %(why)s"),
    (r"(?P<noun>objective|key result|unit|cycle) (?P<id>\S+) has changed since version (?P<old>\d+) \(it is now version "
     r"(?P<new>\d+)\); .*", "%(noun)s %(id)s has changed since you opened it (version %(old)s, now %(new)s): "
     "reload it and make your change again"),
    (r"(?P<what>.+) has changed since version (?P<old>\d+) \(it is now version (?P<new>\d+)\); .*",
     "%(what)s has changed since you opened it (version %(old)s, now %(new)s): reload it and make your change "
     "again"),
    (r"the objective needs a title", "The objective needs a title"),
    (r"the title is longer than (?P<n>\d+) characters", "The title is longer than %(n)s characters"),
    (r"the target of key result (?P<n>\d+) is not a number", "The target of key result %(n)s is not a number"),
    (r"at most (?P<n>\d+) key results in one form", "At most %(n)s key results in one form"),
    (r"key result (?P<n>\d+) (?:names no stored key result|is not one of this objective's)",
     "Key result %(n)s is not one of this objective's: open the editor again"),
    (r"sign in to continue", "Sign in to continue"),
    (r"you belong to no unit yet", "You belong to no unit yet: ask an admin to add you to one"),
    (r"the organisation has no active cycle; .*", "The organisation has no active cycle yet"),
    (r"a check-in needs a value, a confidence \(0 to 1\), or both",
     "A check-in needs a value, a confidence (0 to 1), or both"),
    (r"key result (?P<id>\d+) is a milestone: .*, not (?P<value>.+)",
     "Key result %(id)s is a milestone: enter 1 when done or 0 when not, not %(value)s"),
    (r"confidence is a probability from 0 to 1, not (?P<value>.+)",
     "Confidence is a probability from 0 to 1, not %(value)s"),
    (r"value must be a finite number, not (?P<value>.+)", "The value must be a number, not %(value)s"),
    (r"a comment has 1 to (?P<max>\d+) characters, not (?P<n>\d+)",
     "A comment has 1 to %(max)s characters, not %(n)s"),
    (r"the email (?P<email>.+) is already used by another account",
     "The email %(email)s is already used by another account"),
    (r"the handle '(?P<handle>.+)' is already used by someone in the organisation",
     "The handle %(handle)s is already used by someone in the organisation"),
    (r"'(?P<email>.*)' is not an email address \(expected name@example.com\)",
     "“%(email)s” is not an email address (expected name@example.com)"),
    (r"(?P<name>.+) is the organisation's last active admin; .*",
     "%(name)s is the organisation's last active admin: make someone else an admin first"),
    (r"only admins may .+", "Only admins may do this"),
    (r"managing people, units and cycles is for admins and the managers of units",
     "Managing people, units and cycles is for admins and the managers of units"),
    (rf"you may not add people to (?P<unit>.+): {_WHO_MAY}",
     "You may not add people to %(unit)s: only its managers (or those above) and admins may"),
    (rf"you may not add units under (?P<unit>.+): {_WHO_MAY}",
     "You may not add units under %(unit)s: only its managers (or those above) and admins may"),
    (rf"you may not rename (?P<unit>.+): {_WHO_MAY}",
     "You may not rename %(unit)s: only its managers (or those above) and admins may"),
    (r"you may not change who belongs to (?P<unit>.+): .*",
     "You may not change who belongs to %(unit)s: only its managers (or those above) and admins may"),
    (r"only admins and managers above (?P<unit>.+) may (?:appoint|appoint or remove) its managers",
     "Only admins and managers above %(unit)s may appoint or remove its managers"),
    (r"unit (?P<key>.+) still has (?P<what>.+): move or remove them first",
     "Unit %(key)s still has %(what)s: move or remove them first"),
    (r"the key '(?P<key>.+)' is already used by another unit", "The key %(key)s is already used by another unit"),
    (r"a cycle named (?P<name>.+) already exists", "A cycle named %(name)s already exists"),
    (r"end_date (?P<end>\S+) is before start_date (?P<start>\S+)",
     "The end date %(end)s is before the start date %(start)s"),
    (r"(?P<noun>the name|the email|the handle|the key|the person) is required", "%(noun)s is required"),
    (r"(?P<noun>the name|the email|the handle|the key|the person) is longer than (?P<n>\d+) characters",
     "%(noun)s is longer than %(n)s characters"),
    (r"choose (?P<noun>a unit|the unit above)", "Choose %(noun)s"),
    (r"this form lost the version it was based on; reload the page",
     "The form lost the version it was based on: reload the page"),
    (r"(?P<field>\w+) '(?P<value>.*)' is not a date \(YYYY-MM-DD\)", "“%(value)s” is not a date (YYYY-MM-DD)"),
    (r"\w+ must be one of (?P<allowed>.+), not '(?P<value>.*)'", "“%(value)s” is not one of %(allowed)s"),
    (r"the two passwords differ; type the same one twice", "The two passwords differ: type the same one twice"),
    (r"a password needs at least (?P<n>\d+) characters", "A password needs at least %(n)s characters"),
    (r"the password is longer than (?P<n>\d+) characters", "The password is longer than %(n)s characters"),
    (r"(?P<noun>handle|key) '(?P<value>.*)' must be 1–64 letters, digits, '\.', '_' or '-', starting with a "
     r"letter or digit", "%(noun)s “%(value)s” must be 1–64 letters, digits, “.”, “_” or “-”, starting with a "
     "letter or digit"),
    (r"name the person by their handle or email", "Name the person by their handle or email"),
    (r"nobody in your organisation has the (?:email|handle) '(?P<who>.*)'",
     "Nobody in your organisation is “%(who)s”"),
    (r"(?P<unit>.+) cannot move under (?P<parent>.+): that is itself or one of its own sub-units",
     "%(unit)s cannot move under %(parent)s: that is itself or one of its own sub-units"),
    (r"(?P<label>\S+) names a (?P<named>quarter|half|year|custom), not a (?P<kind>quarter|half|year|custom)",
     "%(label)s names a %(named)s, not a %(kind)s"),
    # the qualification pages (``services.certificates``, ``applications``, ``application_work``)
    (r"the expiry date (?P<expires>\S+) is before the issue date (?P<issued>\S+)",
     "The expiry date %(expires)s is before the issue date %(issued)s"),
    (r"unknown category '(?P<category>.*)'; .*", "Unknown category “%(category)s”: choose one of the list"),
    (r"grade '(?P<grade>.*)' is not one of \w+'s: (?P<grades>.+)",
     "Grade “%(grade)s” is not one of this category's: %(grades)s"),
    (r"the due date (?P<day>\S+) falls in cycle (?P<cycle>.+), which is closed; .*",
     "The due date %(day)s falls in cycle %(cycle)s, which is closed: choose a day in a cycle still open"),
    (r"the response is due (?P<due>\S+), before the feedback came on (?P<received>\S+)",
     "The answer is due %(due)s, before the feedback came on %(received)s"),
    (r"only admins and the managers of the unit that looks after a certificate may change it",
     "Only admins and the managers of the unit that looks after a certificate may change it"),
    (r"the certificate is looked after by no unit; .*",
     "The certificate is looked after by no unit: set its unit in the registry first"),
    # an uploaded document that cannot be read (``documents``: the same words as ``okr check``)
    (r"not valid YAML/JSON: (?P<detail>.+)", "Not valid YAML/JSON: %(detail)s"),
    (r"the document is not a mapping", "The document is not a mapping"),
    (r"'okrs' is not a list of OKR sets", "“okrs” is not a list of OKR sets"),
    (r"a set in 'okrs:' has no id", "A set in “okrs:” has no id"),
    (r"set id (?P<id>'.*') is used twice", "Set id %(id)s is used twice"),
    (r"no objective found", "No objective found"),
    (r"'(?P<key>objectives|key_results)' is not a list", "“%(key)s” is not a list"),
    (r"an objective has no title", "An objective has no title"),
    (r"a key result has no title", "A key result has no title"),
    (r"key result (?P<kr>'.*') stands outside any objective", "Key result %(kr)s stands outside any objective"),
    (r"key_results stand outside any objective", "key_results stand outside any objective"),
    (r"aligns_to (?P<target>'.*') names no objective or key result",
     "aligns_to %(target)s names no objective or key result"),
    (r"aligns_to (?P<target>'.*') names no objective or key result in the files given or in the workspace",
     "aligns_to %(target)s names no objective or key result, in these files or in the workspace"),
    (r"aligns_to (?P<target>'.*') names the objective itself or one of its own key results",
     "aligns_to %(target)s names the objective itself or one of its own key results"),
    (r"aligns_to makes a loop: this objective ends up supporting itself",
     "aligns_to makes a loop: this objective ends up supporting itself"),
    (r"(?P<field>start|target|current|weight|confidence) (?P<value>'.*'|\S+) is not a number",
     "%(field)s %(value)s is not a number"),
    # the notification pages (``services.notification_settings``, ``notifications.channels.check_target``)
    (r"you may not change the notification channels of unit (?P<unit>.+): .*",
     "You may not change the notification channels of unit %(unit)s: its managers (or above) and admins may"),
    (r"the delivery log is for administrators", "The delivery log is for administrators"),
    (r"checkin_hour: expected a whole number from 0 to 23, got (?P<value>.*)",
     "The reminder hour must be a whole number from 0 to 23, not %(value)s"),
    (r"checkin_weekday: expected a whole number from 0 to 6, got (?P<value>.*)",
     "The reminder day must be a day of the week, not %(value)s"),
    (r"address: expected an https:// URL", "Address: expected a web address starting with https://"),
    (r"address: a URL has no spaces", "Address: a web address has no spaces"),
    (r"address: expected an e-mail address such as name@example.com",
     "Address: expected an e-mail address such as name@example.com"),
    (r"address: expected the DingTalk robot's Webhook URL, .*",
     "Address: expected the DingTalk robot's Webhook address, with ?access_token=…"),
    (r"address: expected the WeCom robot's Webhook URL, .*",
     "Address: expected the WeCom robot's Webhook address, with ?key=…"),
    (r"address: expected the Feishu bot's webhook URL, .*",
     "Address: expected the Feishu bot's Webhook address, …/open-apis/bot/v2/hook/…"),
    (r"secret: WeCom group robots have no signing secret; leave it empty",
     "Signing secret: WeCom group robots have none; leave it empty"),
    (r"secret: e-mail targets take no secret", "Signing secret: an e-mail address takes none; leave it empty"),
    (r"secret: at least (?P<n>\d+) characters", "Signing secret: at least %(n)s characters"),
]]

# "unit qa still has 2 members, 1 objective": each count in the reader's words.
_COUNTS = re.compile(r"(?P<n>\d+) (?P<what>sub-units?|members?|objectives?)")
_COUNT_IDS = {"sub-unit": "%(n)s sub-unit(s)", "member": "%(n)s member(s)", "objective": "%(n)s objective(s)"}

# Parts that are English words rather than names or numbers: translated like the message.
_WORDS = frozenset({
    "objective", "unit", "key result", "person", "cycle", "comment",
    "the name", "the email", "the handle", "the key", "the person", "a unit", "the unit above", "handle", "key",
    "quarter", "half", "year", "custom",
    "it is still a draft: submit it and have it approved first", "it is waiting for approval",
    "it is closed: reopen it to record progress"})


def translate(message: str, gettext: Callable[[str], str]) -> str:
    """``message`` in the language of ``gettext``; unchanged when no pattern knows it."""
    for pattern, msgid in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            parts = {name: gettext(value) if value in _WORDS else value
                     for name, value in match.groupdict().items()}
            if "what" in parts:
                parts["what"] = _COUNTS.sub(lambda c: gettext(_COUNT_IDS[c["what"].rstrip("s")]) % {"n": c["n"]},
                                            parts["what"]).replace(", ", gettext(", "))
            text = gettext(msgid) % parts   # a sentence that opens with a part opens with a capital
            return text[:1].upper() + text[1:] if msgid.startswith("%(") else text
    return message
