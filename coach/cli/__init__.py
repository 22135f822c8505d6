"""The `coach` command: the app by default, and subcommands for scripts and quick looks."""
