"""Notifications: what a notice says (``messages``) and how it reaches a person or a group (``channels``)."""
