"""Everything in the core that touches the disk, by subject; `core.storage` is the door to it."""
