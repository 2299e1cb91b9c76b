"""The lint: configuration, the engine and one module per rule."""
