struct s { int a; };
void v(void) { }
int f(struct s val) { return 0; }
int g(void) {
  struct s x;
  struct s *p = &x;
  int n = v();
  int q = x + 1;
  int r = *n;
  void *vp = p;
  return *vp + p->a + x->a + sizeof(struct missing);
}
