"""Read/star state: the schema of the state file, and the store that merges and saves it."""
