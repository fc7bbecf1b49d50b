"""Subcommands over the annotation database: export, stats, import."""

from __future__ import annotations

import argparse

DATA_COMMANDS: dict = {}


def add_data_commands(sub, common: argparse.ArgumentParser) -> None:
    """Register the database subcommands (filled in by the export work)."""
