// A mistyped type name is reported once, with a suggestion, and the rest of the
// function is still checked without a cascade of follow-on errors.
typedef struct node { int value; struct node *next; } node_t;
nod_t *head;
int length(node_t *first, nde_t *second) {
  ndoe_t *p = first;
  int n = 0;
  for (; p != NULL; p = p->next) n++;
  return n + second->value + missing;
}
