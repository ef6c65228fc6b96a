"""Which network a request is counted under by the guessing throttles: its own address, or the one a trusted
proxy saw."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from pydantic import ValidationError

from livinglab.core.settings import Settings
from livinglab.identity.network import client_address, network_of

PROXIES = [ip_network("127.0.0.1"), ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        # No proxy: the header is anyone's to write, and ignored.
        ("198.51.100.7", "1.2.3.4", "198.51.100.7"),
        # Through the proxy: the address it appended.
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        # What the client wrote itself comes before (left of) what the proxy appended.
        ("127.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Through two trusted proxies.
        ("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3", "198.51.100.7"),
        # A trusted proxy that got no header: itself.
        ("127.0.0.1", "", "127.0.0.1"),
        # Garbage in the header: the last hop that can be believed.
        ("127.0.0.1", "1.2.3.4, nonsense", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_through_trusted_proxies_only(
    peer: str, forwarded_for: str, client: str
) -> None:
    assert client_address(peer=peer, forwarded_for=forwarded_for, trusted=PROXIES) == client


def test_a_network_is_an_ipv4_address_or_an_ipv6_64() -> None:
    assert network_of("198.51.100.7") == "198.51.100.7"
    assert network_of("::ffff:198.51.100.7") == "198.51.100.7"
    assert network_of("2001:db8:1:2:aaaa::1") == network_of("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"


def test_a_trusted_proxy_that_is_no_address_is_refused_at_start_up() -> None:
    assert Settings(trusted_proxies="127.0.0.1, 10.0.0.0/8").trusted_proxy_networks == tuple(PROXIES)
    with pytest.raises(ValidationError, match="nginx"):
        Settings(trusted_proxies="127.0.0.1, nginx")
