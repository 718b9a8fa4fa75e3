"""OWASP API Security Top 10 (2023) categories and the CWE ids our checks cite: data, no logic."""
from __future__ import annotations

from enum import Enum


class Owasp(str, Enum):
    """A category of the OWASP API Security Top 10, 2023 edition; `value` is its id."""

    API1 = "API1:2023"
    API2 = "API2:2023"
    API3 = "API3:2023"
    API4 = "API4:2023"
    API5 = "API5:2023"
    API6 = "API6:2023"
    API7 = "API7:2023"
    API8 = "API8:2023"
    API9 = "API9:2023"
    API10 = "API10:2023"

    @property
    def category_title(self) -> str:
        """The category's name, e.g. "Broken Object Level Authorization" (not `title`: that is `str.title`)."""
        return OWASP_TITLES[self]


OWASP_TITLES: dict[Owasp, str] = {
    Owasp.API1: "Broken Object Level Authorization",
    Owasp.API2: "Broken Authentication",
    Owasp.API3: "Broken Object Property Level Authorization",
    Owasp.API4: "Unrestricted Resource Consumption",
    Owasp.API5: "Broken Function Level Authorization",
    Owasp.API6: "Unrestricted Access to Sensitive Business Flows",
    Owasp.API7: "Server Side Request Forgery",
    Owasp.API8: "Security Misconfiguration",
    Owasp.API9: "Improper Inventory Management",
    Owasp.API10: "Unsafe Consumption of APIs",
}

CWE_NAMES: dict[int, str] = {
    20: "Improper Input Validation",
    22: "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
    78: "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
    79: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
    89: "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
    113: "Improper Neutralization of CRLF Sequences in HTTP Headers ('HTTP Request/Response Splitting')",
    200: "Exposure of Sensitive Information to an Unauthorized Actor",
    204: "Observable Response Discrepancy",
    209: "Generation of Error Message Containing Sensitive Information",
    213: "Exposure of Sensitive Information Due to Incompatible Policies",
    215: "Insertion of Sensitive Information Into Debugging Code",
    285: "Improper Authorization",
    295: "Improper Certificate Validation",
    306: "Missing Authentication for Critical Function",
    307: "Improper Restriction of Excessive Authentication Attempts",
    319: "Cleartext Transmission of Sensitive Information",
    326: "Inadequate Encryption Strength",
    347: "Improper Verification of Cryptographic Signature",
    613: "Insufficient Session Expiration",
    614: "Sensitive Cookie in HTTPS Session Without 'Secure' Attribute",
    639: "Authorization Bypass Through User-Controlled Key",
    650: "Trusting HTTP Permission Methods on the Server Side",
    693: "Protection Mechanism Failure",
    770: "Allocation of Resources Without Limits or Throttling",
    799: "Improper Control of Interaction Frequency",
    915: "Improperly Controlled Modification of Dynamically-Determined Object Attributes",
    918: "Server-Side Request Forgery (SSRF)",
    942: "Permissive Cross-domain Policy with Untrusted Domains",
    943: "Improper Neutralization of Special Elements in Data Query Logic",
    1059: "Insufficient Technical Documentation",
    1333: "Inefficient Regular Expression Complexity",
    1336: "Improper Neutralization of Special Elements Used in a Template Engine",
}
