// A small JSON state file, replaced atomically: write a temporary file next to it, then
// rename over the old one. A kill at any moment leaves either the old or the new state,
// never a torn file. (Atomic against a killed process; a power cut additionally needs the
// disk to honour rename ordering, which ext4/xfs/apfs do for this pattern.)

import fs from 'node:fs';

/** The saved state, or null when there is none. A corrupt file is an error, not "none". */
export function readCheckpoint(path) {
  let text;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`checkpoint ${path} is not valid JSON (${err.message}); remove it or pass --restart`);
  }
}

/** Replaces the state atomically. */
export function writeCheckpoint(path, state) {
  const tmp = `${path}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, path);
}

/** Truncates `path` to `bytes` when it is longer (drops what a stopped run wrote after its last checkpoint). */
export function truncateTo(path, bytes) {
  try {
    if (fs.statSync(path).size > bytes) fs.truncateSync(path, bytes);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
