int owner;
int next(void) { return 0; }
int main(void) {
  int err;
  if (owner = 0) return 1;
  while (owner = next()) { }
  if ((err = next())) return err;
  for (int n; (n = next()) != 0;) { }
  return owner == 0 ? 0 : 1
}
