"""The client's IP address, trusting forwarding headers only from configured proxies (docs/security.md).

`X-Forwarded-For` / `X-Real-IP` are honoured only when the direct peer (REMOTE_ADDR) is in `TRUSTED_PROXIES`
(a list of addresses or CIDRs). Walking `X-Forwarded-For` from the right, the first address that is not a trusted
proxy is the client: whatever a client writes into the header sits to the left of that and is ignored, so
rotating the header neither escapes a per-IP limit nor charges a victim's address."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not _trusted(_address(remote), networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded and request.META.get("HTTP_X_REAL_IP"):
        forwarded = [request.META["HTTP_X_REAL_IP"].strip()]
    for text in reversed(forwarded):
        address = _address(text)
        if address is None:  # garbage from the client side of the chain: stop at the last proxy we trust
            return remote
        if not _trusted(address, networks):
            return str(address)
    return str(_address(forwarded[0])) if forwarded else remote
