/** The state file's format version; a file of another version is refused, never overwritten. */
export const STATE_VERSION = 1;
