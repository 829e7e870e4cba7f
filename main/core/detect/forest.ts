import { averagePathLength } from './path-length';

/** Row-major numbers: row r, column c is `data[r * cols + c]`. */
export type Values = Float64Array | Float32Array;

export interface Matrix {
  readonly data: Values;
  readonly rows: number;
  readonly cols: number;
}

/**
 * The trees of a forest, flat, as trained and stored. Nodes are numbered in preorder across the
 * whole forest, tree t holding [roots[t], roots[t + 1]); a split node's left child is the next node,
 * so only the right one is stored. A row goes left when `x[feature] <= threshold`.
 */
export interface ForestArrays {
  /** trees + 1 offsets: tree t's root, and one past the last node. */
  readonly roots: Int32Array;
  /** The column a node splits on; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** The split value (0 at a leaf). */
  readonly threshold: Float64Array;
  /** A split node's right child (absolute index); -1 at a leaf. */
  readonly right: Int32Array;
  /** Training points that reached the node. */
  readonly size: Int32Array;
}

/**
 * The same trees laid out for scoring (score-kernel.ts), derived from ForestArrays, never stored.
 * Node n is `steps[4n]` (its column), `steps[4n + 1]` and `steps[4n + 2]` (its left and right
 * children, as offsets 4·child into `steps`) and `threshold[n]`. A leaf compares column 0 and has
 * itself as both children, so every walk takes exactly `heightLimit` steps and no branch depends on
 * the data: the kernel can then follow several rows at once.
 */
export interface ScoringForest {
  readonly maxSamples: number;
  readonly heightLimit: number;
  /** Offset into `steps` of each tree's root (4 × its node index). */
  readonly rootSteps: Int32Array;
  readonly steps: Int32Array;
  readonly threshold: Float64Array;
  /** At a leaf: its depth + c(size), the path length h(x) of every row that ends there; 0 elsewhere. */
  readonly leafPath: Float64Array;
}

/**
 * Lays the trees out for scoring, having proved the arrays are one tree per range: every node but
 * the root has exactly one parent, parents come before children (so a walk always ends), children
 * stay in their tree, sizes add up, leaves are no deeper than the height limit and features are
 * columns. A model read from disk is held to this, so scoring can trust the arrays without checks.
 */
export function scoringForest(forest: ForestArrays, cols: number, maxSamples: number, heightLimit: number): ScoringForest {
  const { roots, feature, threshold, right, size } = forest;
  const nodes = feature.length;
  if (threshold.length !== nodes || right.length !== nodes || size.length !== nodes) throw new Error('the node arrays differ in length');
  if (roots.length < 2 || roots[0] !== 0 || roots[roots.length - 1] !== nodes) throw new Error('the tree offsets do not cover the nodes');
  const depth = new Int32Array(nodes).fill(-1);
  const leafPath = new Float64Array(nodes);
  const steps = new Int32Array(4 * nodes);
  for (let t = 0; t + 1 < roots.length; t++) {
    const root = roots[t]!;
    const end = roots[t + 1]!;
    if (end <= root) throw new Error(`tree ${t} has no nodes`);
    if (size[root] !== maxSamples) throw new Error(`tree ${t} was grown on ${size[root]} points, not ${maxSamples}`);
    depth[root] = 0;
    for (let node = root; node < end; node++) {
      const d = depth[node]!;
      if (d < 0) throw new Error(`node ${node} has no parent`);
      const f = feature[node]!;
      if (f === -1) {
        if (d > heightLimit) throw new Error(`leaf ${node} lies below the height limit`);
        if (size[node]! < 1 || size[node]! > maxSamples) throw new Error(`leaf ${node} holds ${size[node]} training points`);
        leafPath[node] = d + averagePathLength(size[node]!);
        steps.set([0, 4 * node, 4 * node], 4 * node);
        continue;
      }
      const r = right[node]!;
      if (f < 0 || f >= cols) throw new Error(`node ${node} splits on column ${f}, which does not exist`);
      if (!Number.isFinite(threshold[node]!)) throw new Error(`node ${node} has no finite threshold`);
      if (r <= node + 1 || r >= end) throw new Error(`node ${node} has its right child outside its tree`);
      if (depth[node + 1] !== -1 || depth[r] !== -1) throw new Error(`node ${node} shares a child`);
      if (size[node + 1]! + size[r]! !== size[node]) throw new Error(`node ${node}'s children do not add up to it`);
      depth[node + 1] = d + 1;
      depth[r] = d + 1;
      steps.set([f, 4 * (node + 1), 4 * r], 4 * node);
    }
  }
  return { maxSamples, heightLimit, rootSteps: roots.subarray(0, roots.length - 1).map((root) => 4 * root), steps, threshold, leafPath };
}
