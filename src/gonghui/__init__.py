"""gonghui (工会): the digital platform on which trade unions run their daily work."""

__version__ = "0.1.0"
