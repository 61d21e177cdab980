int x = 0x;
int y = 99999999999;
char c = '\q';
char *s = "never closed;
int z = 3 @ 4;
/* this comment never ends
