/** What a builder throws; fails the test when it returns instead. */
export function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected the builder to refuse, but it returned');
}
