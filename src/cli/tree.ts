/**
 * Prints a tree with box-drawing guides, for traces a person reads top-down.
 * @internal
 */

/** One node: its label and its children. @internal */
export interface TreeNode {
  label: string;
  children?: readonly TreeNode[];
}

/** The lines of a forest of nodes, each prefixed with its guides. @internal */
export function renderTree(nodes: readonly TreeNode[], prefix = ''): string[] {
  return nodes.flatMap((node, i) => {
    const last = i === nodes.length - 1;
    return [
      `${prefix}${last ? '└─ ' : '├─ '}${node.label}`,
      ...renderTree(node.children ?? [], `${prefix}${last ? '   ' : '│  '}`),
    ];
  });
}
