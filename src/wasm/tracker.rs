//! Tracker (tracker helper).
