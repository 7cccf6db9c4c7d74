//! TODO(core helper): shapes.
