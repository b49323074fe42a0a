/** Which image addresses a dApp page may show. Browser-safe: the page checks again before it renders. */
const DATA_IMAGE = /^data:image\/[a-z0-9.+-]+[;,]/i;

/** Whether the page may show `src`: an http(s) URL or a data:image URL (never javascript:, file:, ...). */
export function isAllowedImageSource(src: string): boolean {
  if (DATA_IMAGE.test(src)) return true;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
