"""Results: the typed view of an assessment and the renderers that read it (text, Markdown, HTML, JSON)."""
