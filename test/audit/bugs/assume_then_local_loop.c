// Expected: pass. Got: fail — runtime-error "infinite loop without shared-memory access":
// the step that executes assume(false) keeps running the loop after it. Same root as assume_then_assert.c.
// assume(x == 0) prunes x == 1, so the loop over the local x never runs.
int main(void) {
  int x = nondet(0, 1);
  assume(x == 0);
  while (x) { }
  return 0;
}
