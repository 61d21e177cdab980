struct a { int x; };
struct b { int y; };
int main(void) {
  struct a s;
  struct b *p = &s;
  return p->y;
}
