//! TODO(core helper).
