// A terminating loop of 200,000 iterations over locals only.
int g;
int main(void) {
  int s = 0;
  for (int i = 0; i < 200000; i++) { s = s + 1; }
  g = s;
  assert(g == 200000);
  return 0;
}
