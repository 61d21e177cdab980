struct node { int value; struct node *next; };
struct node *head;
int main(void) {
  int x = head;
  head = 42;
  head = 0;
  struct node *p = (struct node *)x;
  return p == 1;
}
