// Expected: pass (or at worst inconclusive: a resource limit was hit).
// Got: fail — runtime-error "infinite loop without shared-memory access".
// The loop terminates after 200,000 iterations; the per-step limit of
// 100,000 invisible instructions turns a bound into a false bug report.
int g;
int main(void) {
  int s = 0;
  for (int i = 0; i < 200000; i++) { s = s + 1; }
  g = s;
  assert(g == 200000);
  return 0;
}
