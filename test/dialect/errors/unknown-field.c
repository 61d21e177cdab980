struct node { int value; struct node *next; };
int length(struct node *n) {
  int k = 0;
  while (n != NULL) { k++; n = n->nxt; }
  return k + n.value;
}
