import type { UserConfig } from 'vitest/config';

type TestOptions = NonNullable<UserConfig['test']>;
export interface PackageTestOptions extends Omit<TestOptions, 'reporters'> {}
export declare function definePackageTests(options?: PackageTestOptions): UserConfig;
