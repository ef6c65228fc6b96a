"""Administration pages: organizations and people with their roles, the audit log, and the page where a person
chooses a password through a one-time link."""

from __future__ import annotations

import reflex as rx

from livinglab.core.audit import LISTING_LIMIT, AuditEntry
from livinglab.core.taxonomy import SEED, TaxonomyScheme
from livinglab.identity.admin_state import (
    ORGANIZATION_NAME_FIELD,
    ORGANIZATION_REGION_FIELD,
    PERSON_EMAIL_FIELD,
    PERSON_NAME_FIELD,
    AdminState,
    AuditState,
    PasswordLinkState,
)
from livinglab.identity.models import OrganizationKind, Role
from livinglab.identity.passwords import LINK_REFUSED, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from livinglab.identity.service import (
    EMAIL_MAX_LENGTH,
    ORGANIZATION_NAME_MAX_LENGTH,
    PERSON_NAME_MAX_LENGTH,
    OrganizationSummary,
    PersonSummary,
    RoleGrant,
)
from livinglab.ui import routes, shell, theme
from livinglab.ui.i18n import t, t_choice, t_format, t_moment
from livinglab.ui.taxonomy import term_label
from livinglab.ui.widgets import (
    ERROR_COLOR,
    FIELD_STYLE,
    SELECT_STYLE,
    badge,
    cancel_button,
    card,
    empty_state,
    form_error,
    labeled,
    meta,
    page_header,
    submit_button,
    text_field,
)

# Every action the lab writes to its audit log, in the order the filter lists them.
AUDIT_ACTIONS = (
    "login",
    "login_failed",
    "login_guessing",
    "logout",
    "authorization_refused",
    "sessions_ended",
    "password_link_issued",
    "password_set",
    "create_admin",
    "create_person",
    "create_organization",
    "grant_role",
    "revoke_role",
    "consent_given",
    "consent_withdrawn",
    "join_guessing",
    "workshop_opened",
    "workshop_closed",
    "create_practice",
    "submit_evaluation",
)
AUDIT_OBJECT_TYPES = (
    "person",
    "organization",
    "event_handler",
    "workshop",
    "join_code",
    "consent_record",
    "practice",
    "evaluation",
)
ROLE_COLORS = {"participant": "gray", "practitioner": "cyan", "facilitator": "amber", "manager": "jade"}
REGIONS = [code for code, _, _ in SEED[TaxonomyScheme.REGION]]


def choice_field(
    label_key: str, control_id: str, name: str, placeholder_key: str, *options: rx.Component
) -> rx.Component:
    """A select whose first, empty option says what to choose (or « all » in a filter)."""
    return labeled(
        label_key,
        control_id,
        rx.el.select(
            rx.el.option(t(placeholder_key), value=""),
            *options,
            id=control_id,
            name=name,
            style=SELECT_STYLE,
        ),
    )


def region_options() -> list[rx.Component]:
    return [
        rx.el.option(term_label(TaxonomyScheme.REGION, rx.Var.create(code)), value=code) for code in REGIONS
    ]


def role_options() -> list[rx.Component]:
    return [rx.el.option(t(f"role.{role.value}"), value=role.value) for role in Role]


def section_heading(title_key: str, icon: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=22, color=theme.ACCENT_INK, aria_hidden="true"),
        rx.heading(t(title_key), as_="h2", size="6"),
        align="center",
        spacing="2",
    )


def admin_tabs(active: str) -> rx.Component:
    """The two pages of the administration, one tap apart."""

    def tab(key: str, route: str, icon: str) -> rx.Component:
        current = key == active
        return rx.link(
            rx.hstack(rx.icon(icon, size=18, aria_hidden="true"), rx.text(t(key), size="3"), align="center"),
            href=route,
            underline="none",
            aria_current="page" if current else None,
            display="flex",
            align_items="center",
            min_height=theme.TOUCH_TARGET,
            padding_x="16px",
            border_radius="999px",
            font_weight="700" if current else "500",
            color=theme.ACCENT_INK if current else theme.INK,
            background=theme.ACCENT_SOFT if current else "white",
            border=theme.BORDER,
        )

    return rx.el.nav(
        rx.hstack(
            tab("admin.tab.directory", routes.ADMIN, "users"),
            tab("admin.tab.audit", routes.ADMIN_AUDIT, "scroll-text"),
            spacing="2",
            wrap="wrap",
        ),
        aria_label=t("admin.tabs"),
    )


# Organizations


def organization_row(organization: rx.Var[OrganizationSummary]) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(organization.name, size="3", weight="bold"),
                rx.hstack(
                    rx.cond(
                        organization.kind == OrganizationKind.FEDERATION.value,
                        meta("network", t("admin.organization.federation")),
                        meta("map-pin", term_label(TaxonomyScheme.REGION, organization.region_code)),
                    ),
                    meta("users", t_format("admin.organization.members", count=organization.member_count)),
                    spacing="4",
                    wrap="wrap",
                ),
                spacing="1",
            ),
            align="center",
            width="100%",
        ),
        list_style="none",
        padding_y="12px",
        border_bottom=theme.BORDER,
    )


def add_organization_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("admin.organization.add"), as_="h3", size="4"),
            text_field(
                "admin.organization.name",
                ORGANIZATION_NAME_FIELD,
                "name",
                max_length=ORGANIZATION_NAME_MAX_LENGTH,
                auto_complete="off",
                aria_describedby="organization-error",
            ),
            choice_field(
                "admin.organization.region",
                ORGANIZATION_REGION_FIELD,
                "region",
                "admin.organization.choose_region",
                *region_options(),
            ),
            form_error(AdminState.organization_error, "organization-error"),
            submit_button("admin.organization.submit", "plus"),
            spacing="3",
            align="start",
            width="100%",
        ),
        on_submit=AdminState.add_organization,
        reset_on_submit=False,
        width="100%",
    )


def organizations_section() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            section_heading("admin.organizations", "building-2"),
            rx.grid(
                card(
                    rx.el.ul(
                        rx.foreach(AdminState.organizations, organization_row),
                        aria_label=t("admin.organizations"),
                        padding="0",
                        margin="0",
                    ),
                    padding_y="6px",
                ),
                card(add_organization_form()),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
                align_items="start",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


# People


def add_person_form() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                rx.heading(t("admin.person.add"), as_="h3", size="4"),
                rx.grid(
                    text_field(
                        "admin.person.name",
                        PERSON_NAME_FIELD,
                        "name",
                        max_length=PERSON_NAME_MAX_LENGTH,
                        auto_complete="off",
                        aria_describedby="person-error",
                    ),
                    text_field(
                        "admin.person.email",
                        PERSON_EMAIL_FIELD,
                        "email",
                        type="email",
                        max_length=EMAIL_MAX_LENGTH,
                        auto_complete="off",
                        aria_describedby="person-error",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(t("admin.person.email_hint"), size="2", color=theme.TEXT_MUTED),
                form_error(AdminState.person_error, "person-error"),
                submit_button("admin.person.submit", "user-plus"),
                spacing="3",
                align="start",
                width="100%",
            ),
            on_submit=AdminState.add_person,
            reset_on_submit=False,
        ),
        width="100%",
    )


def role_row(grant: rx.Var[RoleGrant], person: rx.Var[PersonSummary]) -> rx.Component:
    role_label = t_choice("role", Role, grant.role)
    return rx.el.li(
        rx.hstack(
            badge(role_label, grant.role, ROLE_COLORS),
            rx.text(grant.organization_name, size="3", flex="1"),
            rx.icon_button(
                rx.icon("x", size=18, aria_hidden="true"),
                on_click=AdminState.revoke_role(grant.membership_id),
                variant="ghost",
                color_scheme="gray",
                size="3",
                min_width=theme.TOUCH_TARGET,
                min_height=theme.TOUCH_TARGET,
                aria_label=t_format(
                    "admin.role.revoke",
                    role=role_label,
                    person=person.display_name,
                    organization=grant.organization_name,
                ),
                title=t("admin.role.revoke_short"),
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        list_style="none",
    )


def grant_role_form(person: rx.Var[PersonSummary]) -> rx.Component:
    """Folded until asked for: a page of people, each with two open selects, would be a wall of fields."""
    field_id = f"grant-{person.id}"
    form = rx.form(
        rx.el.input(type="hidden", name="person_id", value=person.id),
        rx.grid(
            choice_field(
                "admin.role.organization",
                f"{field_id}-organization",
                "organization_id",
                "admin.role.choose_organization",
                rx.foreach(
                    AdminState.organizations,
                    lambda organization: rx.el.option(organization.name, value=organization.id),
                ),
            ),
            choice_field(
                "admin.role.role", f"{field_id}-role", "role", "admin.role.choose_role", *role_options()
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        submit_button("admin.role.grant", "shield-plus", margin_top="12px"),
        on_submit=AdminState.grant_role,
        reset_on_submit=False,
        width="100%",
        padding_top="8px",
    )
    return rx.el.details(
        rx.el.summary(
            rx.icon("shield-plus", size=18, aria_hidden="true"),
            t("admin.role.add"),
            style={
                "display": "flex",
                "align_items": "center",
                "gap": "8px",
                "min_height": theme.TOUCH_TARGET,
                "cursor": "pointer",
                "font_weight": "700",
                "color": theme.ACCENT_INK,
            },
        ),
        form,
        width="100%",
    )


def password_link_panel(person: rx.Var[PersonSummary]) -> rx.Component:
    """The link just made for this person: its only showing, to copy and hand over."""
    link_id = f"password-link-{person.id}"
    return rx.cond(
        AdminState.password_link_person_id == person.id,
        rx.vstack(
            rx.el.label(t("admin.link.label"), html_for=link_id, font_weight="700"),
            rx.hstack(
                rx.input(
                    id=link_id,
                    value=AdminState.password_link,
                    read_only=True,
                    size="3",
                    flex="1",
                    style={**FIELD_STYLE, "font_family": "monospace"},
                ),
                rx.button(
                    rx.icon("copy", size=18, aria_hidden="true"),
                    t("admin.link.copy"),
                    on_click=[
                        rx.set_clipboard(AdminState.password_link),
                        rx.toast.success(t("admin.link.copied")),
                    ],
                    type="button",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                width="100%",
                align="center",
            ),
            rx.text(
                t_format("admin.link.expires", moment=t_moment(AdminState.password_link_expires_at)),
                size="2",
                color=theme.TEXT_MUTED,
            ),
            spacing="2",
            width="100%",
            padding="14px",
            border_radius="12px",
            background="var(--amber-2)",
            border="1px solid var(--amber-6)",
        ),
    )


def person_card(person: rx.Var[PersonSummary]) -> rx.Component:
    return card(
        rx.vstack(
            rx.hstack(
                rx.heading(person.display_name, as_="h3", size="5"),
                rx.cond(
                    person.is_admin, rx.badge(t("admin.person.is_admin"), color_scheme="violet", size="2")
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.hstack(
                rx.cond(
                    person.email != "",
                    meta("mail", person.email),
                    meta("mail-x", t("admin.person.no_email")),
                ),
                meta(
                    "monitor-smartphone", t_format("admin.person.sessions", count=person.open_session_count)
                ),
                spacing="4",
                wrap="wrap",
            ),
            rx.cond(
                person.roles.length() > 0,
                rx.el.ul(
                    rx.foreach(person.roles, lambda grant: role_row(grant, person)),
                    aria_label=t("admin.person.roles"),
                    style={"display": "flex", "flex_direction": "column", "gap": "4px", "padding": "0"},
                    width="100%",
                    margin="0",
                ),
                rx.text(t("admin.person.no_roles"), size="2", color=theme.TEXT_MUTED),
            ),
            grant_role_form(person),
            rx.hstack(
                rx.button(
                    rx.icon("log-out", size=18, aria_hidden="true"),
                    t("admin.sessions.end"),
                    on_click=AdminState.end_sessions(person.id),
                    disabled=person.open_session_count == 0,
                    variant="outline",
                    color_scheme="red",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                rx.button(
                    rx.icon("key-round", size=18, aria_hidden="true"),
                    t("admin.link.create"),
                    on_click=AdminState.create_password_link(person.id),
                    variant="outline",
                    size="3",
                    min_height=theme.TOUCH_TARGET,
                ),
                spacing="3",
                wrap="wrap",
                padding_top="8px",
                border_top=theme.BORDER,
                width="100%",
            ),
            password_link_panel(person),
            spacing="4",
            align="start",
            width="100%",
        ),
        id=f"person-{person.id}",
        height="100%",
    )


def people_section() -> rx.Component:
    return rx.el.section(
        rx.vstack(
            section_heading("admin.people", "users"),
            add_person_form(),
            rx.grid(
                rx.foreach(AdminState.people, person_card),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="4",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def admin_page() -> rx.Component:
    return shell.page(
        page_header("admin.title", "admin.intro", "shield-check"),
        admin_tabs("admin.tab.directory"),
        organizations_section(),
        people_section(),
        active="admin",
    )


# The audit log


def object_cell(event: rx.Var[AuditEntry]) -> rx.Component:
    """What an event touched: names where the lab has them, the kind and id of the object otherwise."""
    object_label = t_choice("audit.object", AUDIT_OBJECT_TYPES, event.object_type)
    return rx.vstack(
        rx.cond(event.about_person_name != "", rx.text(event.about_person_name, weight="medium")),
        rx.cond(
            event.role != "",
            rx.hstack(
                badge(t_choice("role", Role, event.role), event.role, ROLE_COLORS),
                rx.text(event.organization_name, size="2"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.cond(event.organization_name != "", rx.text(event.organization_name, size="2")),
        ),
        rx.cond(
            (event.about_person_name == "") & (event.organization_name == ""),
            rx.text(
                rx.cond(object_label, object_label, event.object_type),
                " ",
                event.object_id,
                size="2",
                color=theme.TEXT_MUTED,
                overflow_wrap="anywhere",
            ),
        ),
        spacing="1",
    )


def event_row(event: rx.Var[AuditEntry]) -> rx.Component:
    action_label = t_choice("audit.action", AUDIT_ACTIONS, event.action)
    return rx.table.row(
        rx.table.cell(t_moment(event.occurred_at), white_space="nowrap"),
        rx.table.cell(rx.cond(event.actor_name != "", event.actor_name, t("audit.nobody"))),
        rx.table.cell(rx.text(rx.cond(action_label, action_label, event.action), weight="medium")),
        rx.table.cell(object_cell(event)),
        vertical_align="top",
    )


def audit_filters() -> rx.Component:
    return card(
        rx.form(
            rx.vstack(
                rx.grid(
                    choice_field(
                        "audit.filter.action",
                        "audit-action",
                        "action",
                        "audit.filter.all_actions",
                        *(
                            rx.el.option(t(f"audit.action.{action}"), value=action)
                            for action in AUDIT_ACTIONS
                        ),
                    ),
                    choice_field(
                        "audit.filter.person",
                        "audit-person",
                        "person_id",
                        "audit.filter.all_people",
                        rx.foreach(
                            AuditState.people,
                            lambda person: rx.el.option(person.display_name, value=person.id),
                        ),
                    ),
                    text_field("audit.filter.since", "audit-since", "since", type="date"),
                    text_field("audit.filter.until", "audit-until", "until", type="date"),
                    columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                    spacing="3",
                    width="100%",
                ),
                form_error(AuditState.filter_error, "audit-filter-error"),
                rx.hstack(
                    submit_button("audit.filter.submit", "filter"),
                    cancel_button("audit.filter.clear", type="reset", on_click=AuditState.load),
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=AuditState.filter,
            reset_on_submit=False,
        ),
        width="100%",
    )


def audit_table() -> rx.Component:
    return rx.cond(
        AuditState.events.length() > 0,
        card(
            rx.text(
                t_format("audit.count", count=AuditState.events.length(), limit=rx.Var.create(LISTING_LIMIT)),
                size="2",
                color=theme.TEXT_MUTED,
                padding_bottom="8px",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("audit.column.when")),
                        rx.table.column_header_cell(t("audit.column.who")),
                        rx.table.column_header_cell(t("audit.column.what")),
                        rx.table.column_header_cell(t("audit.column.object")),
                    )
                ),
                rx.table.body(rx.foreach(AuditState.events, event_row)),
                size="2",
                width="100%",
            ),
            width="100%",
            overflow_x="auto",
        ),
        empty_state("audit.empty"),
    )


def audit_page() -> rx.Component:
    return shell.page(
        page_header("audit.title", "audit.intro", "scroll-text"),
        admin_tabs("admin.tab.audit"),
        audit_filters(),
        audit_table(),
        active="admin",
    )


# Choosing a password through a one-time link


def password_field(label_key: str, name: str) -> rx.Component:
    return text_field(
        label_key,
        f"password-link-{name}",
        name,
        type="password",
        auto_complete="new-password",
        min_length=PASSWORD_MIN_LENGTH,
        max_length=PASSWORD_MAX_LENGTH,
        aria_describedby="password-link-error",
    )


def password_form() -> rx.Component:
    # The passwords are cleared after every try, refused or not: they never stay on a shared screen.
    return rx.form(
        rx.vstack(
            rx.text(
                t_format("password_link.intro", name=PasswordLinkState.holder_name),
                size="3",
                color=theme.TEXT_MUTED,
            ),
            password_field("password_link.password", "password"),
            password_field("password_link.confirmation", "confirmation"),
            rx.text(
                t_format("password_link.rule", minimum=rx.Var.create(PASSWORD_MIN_LENGTH)),
                size="2",
                color=theme.TEXT_MUTED,
            ),
            form_error(PasswordLinkState.error_message, "password-link-error"),
            rx.button(
                t("password_link.submit"),
                type="submit",
                size="3",
                width="100%",
                min_height=theme.TOUCH_TARGET,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=PasswordLinkState.choose_password,
        reset_on_submit=True,
    )


def password_link_outcome(message_key: str, icon: str, color: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon(icon, size=24, color=color, aria_hidden="true"),
            rx.text(t(message_key), size="3", role="status"),
            spacing="3",
            align="center",
        ),
        rx.link(
            t("login.sign_in"),
            href=routes.SIGN_IN,
            display="flex",
            align_items="center",
            min_height=theme.TOUCH_TARGET,
            font_weight="700",
        ),
        spacing="3",
    )


def password_link_page() -> rx.Component:
    return shell.page(
        rx.center(
            card(
                rx.vstack(
                    rx.heading(t("password_link.title"), as_="h1", size="7"),
                    rx.match(
                        PasswordLinkState.link_status,
                        ("valid", password_form()),
                        (
                            "done",
                            password_link_outcome("password_link.done", "circle-check", theme.ACCENT_INK),
                        ),
                        ("invalid", password_link_outcome(LINK_REFUSED, "link-2-off", ERROR_COLOR)),
                        rx.spinner(size="3"),
                    ),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
                max_width="500px",
            ),
            width="100%",
        ),
        active="",
    )
