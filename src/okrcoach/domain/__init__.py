"""The OKR domain: plain data and the rules of its shape, free of files, SQL, HTTP and terminals."""
