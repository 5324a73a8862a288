export const ROOT: string;
export const OUT_DIR: string;
export const GENERATED_MARK: string;
export const TOPIC_TITLES: Record<string, string>;
export function exportName(id: string): string;
export function readLibrary(
  root?: string,
): { id: string; title: string; topic: string | null; file: string }[];
export function generateLibraryStories(root?: string): Promise<Record<string, string>>;
export function generatedOnDisk(root?: string): Record<string, string>;
export function checkLibraryStories(root?: string): Promise<string[]>;
