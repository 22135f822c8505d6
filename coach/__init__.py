"""coach: a terminal coach for low back pain that keeps every record on the user's machine."""

__version__ = "0.1.0"
