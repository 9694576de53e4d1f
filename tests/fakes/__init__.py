"""Local fake API servers (127.0.0.1, port 0) that replay realistic responses for the connectors."""
