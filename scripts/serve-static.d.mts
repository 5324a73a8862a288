export function serveStatic(
  dir: string,
  options?: { prefix?: string; port?: number },
): Promise<{ url: string; close: () => Promise<void> }>;
