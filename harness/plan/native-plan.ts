// Which native items run: cases × arms × epochs, in a stable order. Pure.
export interface PlannedItem<C, A> {
  case: C;
  arm: A;
  epoch: number;
}

export function planNativeItems<C extends { id: string }, A extends { id: string }>(
  cases: readonly C[],
  arms: readonly A[],
  epochs: number,
): PlannedItem<C, A>[] {
  const out: PlannedItem<C, A>[] = [];
  for (let epoch = 1; epoch <= epochs; epoch += 1) for (const c of cases) for (const arm of arms) out.push({ case: c, arm, epoch });
  return out;
}
