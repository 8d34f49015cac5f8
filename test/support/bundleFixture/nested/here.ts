/** Read from a nested folder, so each bundled file is seen to keep its own URL. */
export const here = import.meta.url;
