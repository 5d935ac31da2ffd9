"""Kiosk mode's parts that need no screen: its settings, the staff PIN, the take-home summary, incident logs."""
