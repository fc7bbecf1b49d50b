"""dsreader: read, tag and export Korean news about DeepSeek and the AI race."""

__version__ = "0.1.0"
