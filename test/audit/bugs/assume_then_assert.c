// Expected: pass (assume(x == 0) drops the branch with x == 1).
// Got: fail — assertion: x == 0, trace "nondet → 1 | assume(false)".
// Cause: ASSUME sets w.pruned, but the step keeps running the invisible
// instructions up to the next visible one; the assert fails inside the same
// step and the Halt finding is returned instead of a pruned state.
// Same with a local infinite loop after the assume (runtime-error instead of pruning).
int main(void) {
  int x = nondet(0, 1);
  assume(x == 0);
  assert(x == 0);
  return 0;
}
