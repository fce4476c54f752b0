"""The commands beside build and check: the live preview (serve, and its warm worker), add, and the conversion
audit."""
