/** Types of scripts/build-worklets.mjs for the tests that import it. */
export declare const WORKLETS: { entry: string; out: string }[];
export declare function bundleWorklet(entry: string, write?: boolean, outfile?: string): Promise<string | undefined>;
