"""TRILAT: an open, versioned dataset of the U.S.-Japan-ROK alliance system."""

__version__ = "0.1.0"
