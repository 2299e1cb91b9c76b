"""The wiki: page renderers (Markdown and Mermaid, no MkDocs) and the MkDocs plugin that serves them."""
