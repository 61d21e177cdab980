struct point { int x; int y; };
struct point p = { .x = 1, .z = 2 };
int arr[2] = { 1, 2, 3 };
int n = arr[0];
int bad[0];
char name[3] = "toolong";
struct point q = { 1, 2, 3 };
int *ptr = 5;
