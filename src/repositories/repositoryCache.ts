/**
 * How long a rarely changing document (the school, a user) is kept per process. A change
 * through this process's repository shows at once; one by another process (the admin CLI,
 * another instance) within this time.
 */
export const REPOSITORY_CACHE_MS = 5_000;
