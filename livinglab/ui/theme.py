"""The visual identity, defined once: colours, type scale, spacing and the sizes touch needs."""

import reflex as rx

# Radix Themes scales: a calm jade accent on a warm sand gray; every colour below is a Radix token, so
# contrast stays AA in both light steps and the palette stays coherent.
ACCENT = "jade"
GRAY = "sand"

PAGE_BACKGROUND = "var(--sand-2)"
SURFACE = "white"
BORDER = "1px solid var(--sand-5)"
TEXT_MUTED = "var(--sand-11)"
INK = "var(--sand-12)"
ACCENT_SOFT = "var(--jade-3)"
ACCENT_INK = "var(--jade-11)"

RADIUS_CARD = "18px"
SHADOW_CARD = "0 1px 2px rgba(45, 35, 20, 0.06), 0 4px 16px rgba(45, 35, 20, 0.05)"

# WCAG 2.2 target size is 24 px; tablets in a workshop are used standing, by many hands: 44 px.
TOUCH_TARGET = "44px"
# Wider on a projector, where the type is scaled up too (assets/livinglab.css).
CONTENT_MAX_WIDTH = ["100%", "100%", "1200px", "1200px", "1200px", "1480px"]

# Sticky-note colours for boards, chosen to keep dark text readable.
NOTE_COLORS = {
    "yellow": "var(--amber-3)",
    "pink": "var(--pink-3)",
    "blue": "var(--sky-3)",
    "green": "var(--grass-3)",
    "lilac": "var(--violet-3)",
}

# Evidence levels and workflow states share one badge vocabulary across the app.
EVIDENCE_COLORS = {"emerging": "amber", "promising": "cyan", "proven": "jade"}
STATUS_COLORS = {
    "draft": "gray",
    "open": "jade",
    "closed": "gray",
    "in_review": "amber",
    "published": "jade",
    "archived": "gray",
    "submitted": "amber",
    "changes_requested": "orange",
    "approved": "cyan",
    "decided": "jade",
}


def app_theme() -> rx.Component:
    return rx.theme(
        accent_color=ACCENT, gray_color=GRAY, radius="large", scaling="100%", has_background=False
    )
