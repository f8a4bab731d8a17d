export declare function findRepoRoot(start?: string): string;
export declare function sharedDir(start?: string): string;
