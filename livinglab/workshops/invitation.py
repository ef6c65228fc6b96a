"""How participants reach an open workshop: its code, the address to type, and a QR code of that address."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlencode

import segno

from livinglab.core.settings import Settings, get_settings
from livinglab.ui import routes


@dataclass(frozen=True)
class Invitation:
    join_code: str
    join_url: str
    # The QR code as an SVG data URI: drawn on the server, so the page fetches nothing from anywhere.
    qr_code: str


def invitation(*, join_code: str, base_url: str) -> Invitation:
    url = f"{base_url.rstrip('/')}{routes.JOIN}?{urlencode({'code': join_code})}"
    qr_code = segno.make(url, error="m").svg_data_uri(scale=6, dark="#1f2a24", light="#ffffff", border=2)
    return Invitation(join_code=join_code, join_url=url, qr_code=qr_code)


def room_invitation(*, join_code: str | None, request_host: str) -> Invitation | None:
    """What a facilitator's screen shows the room while the workshop is open (it has a ``join_code``)."""
    if not join_code:
        return None
    return invitation(
        join_code=join_code, base_url=base_url_for_tablets(settings=get_settings(), request_host=request_host)
    )


def base_url_for_tablets(*, settings: Settings, request_host: str, scheme: str = "http") -> str:
    """The address the room's tablets can open.

    A deployment says it (``LIVINGLAB_PUBLIC_URL``). On a facilitator's laptop, the address the facilitator
    used works, except « localhost », which on a tablet means the tablet: then the laptop's own address on
    the local network is given instead.
    """
    if "public_url" in settings.model_fields_set:
        return settings.public_url
    host, _, port = request_host.rpartition(":") if ":" in request_host else (request_host, "", "")
    if _is_loopback(host):
        host = _local_network_address() or host
    return f"{scheme}://{host}{':' + port if port else ''}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _local_network_address() -> str | None:
    # Connecting a UDP socket sends nothing: it only asks the system which interface would be used.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1, never routed
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if ipaddress.ip_address(address).is_loopback else address
