//! output: serialisation. Placeholder.
