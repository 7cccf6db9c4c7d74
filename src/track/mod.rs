//! The tracker's pure part (queue, messages).
