"""One form for each identifier value, so that the same identifier is found exactly.

An e-mail address is compared in lower case, an IP address in its canonical form
("2001:db8::1", "192.0.2.7"), a phone number by its digits, a username and a payment
reference as given (trimmed). Intelligence packages (apps.cyber_packages) match their
subjects' identifiers against the person index in this form; an identifier added to a
person is stored in it too.
"""

import ipaddress
import re

from apps.people.choices import IdentifierKind

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier of its kind; the message says why."""


def normalise_identifier(kind: str, value: str) -> str:
    """The identifier as stored and compared, or InvalidIdentifier."""
    value = (value or "").strip()
    if not value:
        raise InvalidIdentifier("Enter the identifier")
    if kind == IdentifierKind.EMAIL:
        if not EMAIL.match(value):
            raise InvalidIdentifier(f"{value!r} is not an e-mail address")
        return value.lower()
    if kind == IdentifierKind.IP_ADDRESS:
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            raise InvalidIdentifier(f"{value!r} is not an IP address") from None
    if kind == IdentifierKind.PHONE:
        digits = re.sub(r"[\s().-]", "", value)
        if not re.fullmatch(r"\+?\d{6,15}", digits):
            raise InvalidIdentifier(f"{value!r} is not a phone number")
        return digits
    return value
