// expect: fail assertion
// w walks a linked list of globals and writes its last node.
struct N { int v; struct N *next; } c = {0, 0}; struct N b = {0, &c}; struct N a = {0, &b};
void *w(void *arg) {
  struct N *n = &a; while (n->next) n = n->next; n->v = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = c.v; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
