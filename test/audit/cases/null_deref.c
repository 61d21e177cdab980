struct node { int v; struct node *next; };
struct node *head;
int main(void) {
  int x = head->v;
  return x;
}
