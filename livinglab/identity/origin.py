"""The websocket and the HTTP routes answer only pages of this deployment.

A browser states the page that opened a websocket or sent a request in its ``Origin`` header. A page of
another site could otherwise open the app's websocket with the visitor's cookies and act as them. Every
request carrying a foreign ``Origin`` is refused before it reaches Reflex or a route; requests without one
(a typed address, a link followed) are what they seem.

Which origins are this deployment's: the configured public URL; without one (the embedded default on a
facilitator's laptop, which tablets reach at its address on the local network), the machine's own names and
addresses on the app's port. Never the request's ``Host`` header: a page of evil.example whose name was
rebound to the laptop's address (DNS rebinding) sends ``Host: evil.example`` and ``Origin:
http://evil.example`` alike, and matching the one against the other would let it in.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import socket
import struct
import time
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from livinglab.core.settings import get_settings

# Linux's ioctl that reads an interface's IPv4 address, and where the kernel lists the IPv6 ones.
_SIOCGIFADDR = 0x8915
_IPV6_ADDRESSES = Path("/proc/net/if_inet6")
# A laptop joins the workshop's network after the app started: an origin not found is looked up again, at
# most this often (a flood of foreign origins does not turn into a flood of lookups).
_REFRESH_INTERVAL_S = 10.0


def _interface_ipv4_addresses() -> set[str]:
    found: set[str] = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            with contextlib.suppress(OSError):
                answer = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, request)
                found.add(socket.inet_ntoa(answer[20:24]))
    return found


def _interface_ipv6_addresses() -> set[str]:
    try:
        lines = _IPV6_ADDRESSES.read_text().splitlines()
    except OSError:
        return set()
    # Each line starts with the address as 32 hex digits; link-local ones need a zone no URL carries.
    addresses = (ipaddress.IPv6Address(int(line.split()[0], 16)) for line in lines if line.strip())
    return {str(address) for address in addresses if not address.is_link_local}


def _resolved_addresses(names: set[str]) -> set[str]:
    found: set[str] = set()
    for name in names:
        with contextlib.suppress(OSError):
            found.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
    return found


def machine_hosts() -> set[str]:
    """This machine's names and addresses, as they appear in a URL (IPv6 in brackets)."""
    names = {"localhost", socket.gethostname(), socket.getfqdn()}
    addresses = {"127.0.0.1", "::1"} | _interface_ipv4_addresses() | _interface_ipv6_addresses()
    addresses |= _resolved_addresses(names)
    hosts = {name.lower() for name in names if name}
    for address in addresses:
        hosts.add(f"[{address}]" if ":" in address else address)
    return hosts


def _origins(hosts: set[str], port: int) -> set[str]:
    origins = set()
    for scheme, default_port in (("http", 80), ("https", 443)):
        for host in hosts:
            origins.add(f"{scheme}://{host}:{port}")
            if port == default_port:
                origins.add(f"{scheme}://{host}")
    return origins


class _MachineOrigins:
    """The machine's origins on the app's port, looked up again when one is missing (at most every
    _REFRESH_INTERVAL_S)."""

    def __init__(self) -> None:
        self._origins: set[str] = set()
        self._looked_up_at = float("-inf")

    def admit(self, origin: str, port: int) -> bool:
        if origin in self._origins:
            return True
        if time.monotonic() - self._looked_up_at >= _REFRESH_INTERVAL_S:
            self._looked_up_at = time.monotonic()
            self._origins = _origins(machine_hosts(), port)
        return origin in self._origins


_machine_origins = _MachineOrigins()


def origin_allowed(origin: str) -> bool:
    settings = get_settings()
    if "public_url" in settings.model_fields_set:
        return origin == settings.public_origin
    return _machine_origins.admit(origin.lower(), settings.port)


def same_origin_only(app: ASGIApp) -> ASGIApp:
    async def guarded_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            origin = Headers(scope=scope).get("origin")
            if origin is not None and not origin_allowed(origin):
                if scope["type"] == "websocket":
                    # Closing before accepting answers the handshake with 403.
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await PlainTextResponse("Origin refused", status_code=403)(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded_app
