struct node { int v; struct node *next; };
struct node *shared;
void *reader(void *arg) {
  struct node *p = shared;
  if (p) { assert(p->v >= 0); }
  return 0;
}
int main(void) {
  struct node *n = malloc(sizeof(struct node));
  n->v = 1;
  n->next = 0;
  shared = n;
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  free(n);
  pthread_join(t, 0);
  return 0;
}
