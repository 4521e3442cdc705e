"""What the pages share: the database reader, queries, charts, formatting and the page frame."""
