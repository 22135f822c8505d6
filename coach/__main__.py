"""`python -m coach`: the same as the `coach` command, for when the script is not on PATH."""

from coach.cli import main

if __name__ == "__main__":
    main()
