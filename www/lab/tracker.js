// The tracker-only entry, loaded on a bare page for the browser tests. Nothing is tracked
// until a test constructs a Tracker.
import { Tracker, LinkflowError } from "/pkg/tracker/index.js";

globalThis.lab = { Tracker, LinkflowError, ready: true };
document.dispatchEvent(new CustomEvent("lab:ready"));
