"""The workspace's domain: the rules of progress, risk, status and permission, free of SQL and HTTP.

Storage maps these values to tables, the API and CLI call the services; none of them
re-implement what is decided here.
"""
