"""I/O code of the clients: the async modules are the source, the sync ones are generated."""
