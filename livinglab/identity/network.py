"""Which network a request comes from, for the guessing throttles (never stored: only keyed hashes of it).

Behind a reverse proxy, every connection comes from the proxy. The proxy writes the address it saw into
``X-Forwarded-For``, appending it to whatever the client itself wrote there; so the header is believed only
when the connection comes from a configured trusted proxy (LIVINGLAB_TRUSTED_PROXIES), and then read from the
right, past the trusted proxies, to the first address they did not write themselves. Reflex's own
``trusted_proxy_hops`` is not used: it believes the header whoever sent it.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from livinglab.core.settings import get_settings

# One IPv6 subscriber gets a whole /64 (RFC 6177): counting its addresses one by one would let it rotate
# through 2^64 of them.
IPV6_SUBSCRIBER_PREFIX = 64


def _parsed(address: str) -> IPv4Address | IPv6Address | None:
    try:
        parsed = ip_address(address.strip())
    except ValueError:
        return None
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def client_address(
    *, peer: str, forwarded_for: str, trusted: Sequence[IPv4Network | IPv6Network] | None = None
) -> str:
    """The address of the client: the connection's ``peer``, or, when the peer is a trusted proxy, the last
    address in ``forwarded_for`` that no trusted proxy wrote."""
    networks = get_settings().trusted_proxy_networks if trusted is None else trusted
    client = peer
    hops = [hop for hop in forwarded_for.split(",") if hop.strip()]
    while True:
        parsed = _parsed(client)
        if parsed is None or not any(parsed in network for network in networks) or not hops:
            return client
        # What the trusted hop says it saw; garbage there (only a client can write it) ends the walk.
        previous = hops.pop().strip()
        if _parsed(previous) is None:
            return client
        client = previous


def network_of(address: str) -> str:
    """What the throttles count as one network: an IPv4 address, or an IPv6 address's /64."""
    parsed = _parsed(address)
    if parsed is None:
        return address
    if isinstance(parsed, IPv6Address):
        return str(ip_network(f"{parsed}/{IPV6_SUBSCRIBER_PREFIX}", strict=False))
    return str(parsed)
