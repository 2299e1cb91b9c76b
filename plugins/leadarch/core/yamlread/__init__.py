"""YAML readers: the fast one (rapidyaml), the located one (libyaml with our converter), and how a file is read."""
