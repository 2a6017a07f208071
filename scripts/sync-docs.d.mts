export declare function docFiles(): string[];
export declare function exampleCode(target: string): string;
export interface BenchmarkFigures {
  rows: Array<{ header: string[]; cells: string[] }>;
  date: string | undefined;
  node: string | undefined;
}
export declare function benchmarkFigures(markdown?: string): BenchmarkFigures;
export declare function figure(key: string, figures: BenchmarkFigures): string;
export declare function synced(markdown: string, figures: BenchmarkFigures): string;
