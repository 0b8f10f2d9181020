"""How a table's row is set as one line of text, shared by the extractor (which writes it) and the store (which
reads a row as one line or a cell to a line alike). A leaf module: the extractor's parsing workers import it
without the store's SQLite layer."""

# The extractor reads a table's row as one line, its cells joined by this (序号 | 单位 | 姓名).
CELL_SEPARATOR = " | "
