"""Application services: each function is one thing a person does in the workspace.

Functions are keyword-only after ``session``, take the acting ``Actor``, raise the errors of
``workspace.errors`` and never commit: whoever opened the session (an API request, a CLI
command) owns the transaction, so a failure leaves nothing half-written.
"""
