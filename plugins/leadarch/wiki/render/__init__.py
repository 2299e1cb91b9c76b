"""Page renderers: catalog → Markdown and Mermaid. No MkDocs imports here."""
