struct page { int index; };
struct page { int flags; };
int owner;
int owner = 1;
int owner = 2;
void owner_fn(int a);
int owner_fn(int a) { return a; }
int malloc(int words) { return 0; }
typedef int word_t;
typedef unsigned word_t;
