"""What changed between two versions of the sources, in figures (`diff`), and its report
in the terminal, Markdown and JSON (`report`)."""
