"""Registers the `flask` command groups; each domain keeps its commands beside its services."""
from __future__ import annotations

from flask import Flask

from awareness.accounts.commands import users_cli
from awareness.administration.commands import org_cli, staff_cli
from awareness.content.commands import content_cli
from awareness.demo_commands import demo_cli
from awareness.outbox.commands import outbox_cli
from awareness.reports.commands import reports_cli
from awareness.scheduler.commands import worker_command
from awareness.staffquiz.commands import quiz_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(org_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(reports_cli)
    app.cli.add_command(demo_cli)
