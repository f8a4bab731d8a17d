// Not implemented yet: this package is a placeholder in the workspace (see README).
/** False until the backend exists; lets tooling and users check without guessing. */
export const implemented = false as const;
